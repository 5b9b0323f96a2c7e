import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Form, InputNumber, Select, Space, Spin, Switch } from 'antd';
import { STAR_LEVELS, type StarPayCoefficients, type StarRules, type StarStandingView } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { getStarBoard, getStarRules, previewStars, saveStarRules } from './stars.api.ts';
import { HonourTags, LevelTag } from './stars-bits.tsx';

type RulesForm = { rules: StarRules; payCoefficients: StarPayCoefficients };

/** Levels, recommendation thresholds, vetoes (with the "lacking either / lacking both" switch) and pay coefficients. */
export function RulesTab() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const view = useAsync((signal) => getStarRules(signal), []);
  const board = useAsync((signal) => getStarBoard(signal), []);
  const [form] = Form.useForm<RulesForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable = view.data?.abilities.includes('edit') ?? false;
  const stars = (board.data?.catalog ?? []).map((s) => ({ value: s.code, label: s.name }));

  useEffect(() => {
    if (view.data) form.setFieldsValue({ rules: view.data.rules, payCoefficients: view.data.payCoefficients });
  }, [view.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await saveStarRules({ rules: v.rules, payCoefficients: v.payCoefficients });
      message.success(t('web.stars.rules.saved'));
      view.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Spin spinning={view.loading}>
      {error || view.error ? <Alert type="error" showIcon title={errorText(locale, error ?? view.error)} style={{ marginBottom: 12 }} /> : null}
      {view.data ? (
        <Form form={form} layout="vertical" disabled={!editable} initialValues={view.data} data-testid="star-rules-form">
          <Space wrap align="start">
            <Card size="small" title={t('web.stars.rules.levels')}>
              <Form.List name={['rules', 'levels']}>
                {(fields) =>
                  fields.map((f) => (
                    <Space key={f.key}>
                      <span style={{ minWidth: 48, display: 'inline-block' }}>
                        {t(`web.stars.level.${form.getFieldValue(['rules', 'levels', f.name, 'level']) as string}`)}
                      </span>
                      <Form.Item name={[f.name, 'minStars']} label={t('web.stars.rules.minStars')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={40} />
                      </Form.Item>
                    </Space>
                  ))
                }
              </Form.List>
            </Card>
            <Card size="small" title={t('web.stars.rules.recommendations')}>
              <Form.List name={['rules', 'recommendations']}>
                {(fields) =>
                  fields.map((f) => (
                    <Form.Item
                      key={f.key}
                      name={[f.name, 'minStars']}
                      label={t(`web.stars.honour.${form.getFieldValue(['rules', 'recommendations', f.name, 'code']) as string}`)}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0} max={40} addonAfter={t('web.stars.stars')} />
                    </Form.Item>
                  ))
                }
              </Form.List>
            </Card>
            <Card size="small" title={t('web.stars.rules.pay')}>
              {STAR_LEVELS.map((l) => (
                <Form.Item key={l} name={['payCoefficients', l]} label={t(`web.stars.level.${l}`)} rules={[{ required: true }]}>
                  <InputNumber min={0} max={5} step={0.05} />
                </Form.Item>
              ))}
            </Card>
          </Space>
          <Card size="small" title={t('web.stars.rules.vetoes')} style={{ marginTop: 12 }}>
            <Form.List name={['rules', 'vetoes']}>
              {(fields) =>
                fields.map((f) => (
                  <Space key={f.key} wrap align="start" data-testid="star-veto">
                    <Form.Item name={[f.name, 'requires']} label={t('web.stars.rules.requires')}>
                      <Select mode="multiple" style={{ minWidth: 260 }} options={stars} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'mode']}
                      label=" "
                      getValueProps={(mode: string) => ({ checked: mode === 'all-missing' })}
                      getValueFromEvent={(checked: boolean) => (checked ? 'all-missing' : 'any-missing')}
                    >
                      <Switch checkedChildren={t('web.stars.rules.modeAll')} unCheckedChildren={t('web.stars.rules.modeAny')} />
                    </Form.Item>
                    <Form.Item label={t('web.stars.rules.bars')}>
                      <HonourTags codes={(form.getFieldValue(['rules', 'vetoes', f.name, 'bars']) as string[]) ?? []} colour="red" />
                    </Form.Item>
                  </Space>
                ))
              }
            </Form.List>
          </Card>
          {editable ? (
            <Button type="primary" style={{ marginTop: 12 }} onClick={() => void save()} loading={busy} data-testid="star-rules-save">
              {t('web.stars.rules.save')}
            </Button>
          ) : null}
        </Form>
      ) : null}
    </Spin>
  );
}

/** What if: the stars ticked → level, recommendations and vetoes, by the server's rules (the preview API). */
export function PreviewTab() {
  const { locale, t } = useLocale();
  const board = useAsync((signal) => getStarBoard(signal), []);
  const [picked, setPicked] = useState<string[]>([]);
  const [result, setResult] = useState<StarStandingView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    previewStars(picked).then(
      (r) => live && (setResult(r), setError(null)),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [picked]);

  return (
    <div data-testid="star-preview-tab">
      <p>{t('web.stars.preview.pick')}</p>
      <Checkbox.Group
        value={picked}
        onChange={(v) => setPicked(v as string[])}
        options={(board.data?.catalog ?? []).map((s) => ({ value: s.code, label: s.name }))}
      />
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <Descriptions size="small" column={1} bordered style={{ marginTop: 16 }} data-testid="star-preview-result">
          <Descriptions.Item label={t('web.stars.count')}>{result.count}</Descriptions.Item>
          <Descriptions.Item label={t('web.stars.levelLabel')}>
            <LevelTag level={result.level} />
          </Descriptions.Item>
          <Descriptions.Item label={t('web.stars.recommendations')}>
            <HonourTags codes={result.recommendations} colour="green" />
          </Descriptions.Item>
          <Descriptions.Item label={t('web.stars.barredFrom')}>
            <HonourTags codes={result.barredFrom} colour="red" />
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </div>
  );
}
