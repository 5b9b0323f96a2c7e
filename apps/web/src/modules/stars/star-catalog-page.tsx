import './stars.css';
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Collapse, Form, Input, InputNumber, Select, Space, Spin, Tabs, Tag } from 'antd';
import { STAR_INDICATOR_SOURCES, type StarCatalogContent } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { createCatalog, getCatalog, listCatalogs, listDepartments, saveCatalog } from './stars.api.ts';
import { DepartmentsTab } from './star-departments-tab.tsx';
import { PreviewTab, RulesTab } from './star-rules-tab.tsx';

/** The city's page: the catalog per year, the reviewing departments, the rules, and a what-if preview. */
export function StarCatalogPage() {
  const { t } = useLocale();
  return (
    <section aria-labelledby="star-catalog-title" data-testid="star-catalog-page">
      <div className="page-header">
        <h1 id="star-catalog-title">{t('web.stars.catalog.title')}</h1>
      </div>
      <Tabs
        items={[
          { key: 'catalog', label: t('web.stars.catalog.tab'), children: <CatalogTab /> },
          { key: 'departments', label: t('web.stars.departments.tab'), children: <DepartmentsTab /> },
          { key: 'rules', label: t('web.stars.rules.tab'), children: <RulesTab /> },
          { key: 'preview', label: t('web.stars.preview.tab'), children: <PreviewTab /> },
        ]}
      />
    </section>
  );
}

function CatalogTab() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const years = useAsync((signal) => listCatalogs(signal), []);
  const departments = useAsync((signal) => listDepartments(signal), []);
  const [year, setYear] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = years.data?.items ?? [];
  const shownYear = year ?? items[0]?.year ?? null;
  const catalog = useAsync((signal) => (shownYear === null ? Promise.resolve(null) : getCatalog(shownYear, signal)), [shownYear]);
  const [form] = Form.useForm<StarCatalogContent>();
  const editable = catalog.data?.abilities.includes('edit') ?? false;
  const nextYear = (items[0]?.year ?? new Date().getFullYear() - 1) + 1;

  useEffect(() => {
    if (catalog.data) form.setFieldsValue(catalog.data.content);
  }, [catalog.data, form]);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(async () => {
      await createCatalog(nextYear);
      message.success(t('web.stars.catalog.created', { year: nextYear }));
      setYear(nextYear);
      years.reload();
    });
  const save = () =>
    run(async () => {
      const content = await form.validateFields();
      await saveCatalog(shownYear!, content);
      message.success(t('web.stars.catalog.saved'));
      catalog.reload();
    });

  return (
    <div data-testid="star-catalog-tab">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('web.stars.catalog.year')}</span>
        <Select
          style={{ minWidth: 140 }}
          value={shownYear ?? undefined}
          onChange={setYear}
          options={items.map((i) => ({ value: i.year, label: t('web.stars.catalog.yearOption', { year: i.year }) }))}
          data-testid="star-catalog-year"
        />
        {catalog.data ? (
          catalog.data.locked ? (
            <Tag color="orange">{t('web.stars.catalog.locked')}</Tag>
          ) : (
            <Tag color="green">{t('web.stars.catalog.editable')}</Tag>
          )
        ) : null}
        {years.data?.abilities.includes('create') ? (
          <Button onClick={() => void create()} loading={busy} data-testid="star-catalog-create">
            {t('web.stars.catalog.createNext', { year: nextYear })}
          </Button>
        ) : null}
      </Space>
      {error || years.error || catalog.error ? <Alert type="error" showIcon title={errorText(locale, error ?? years.error ?? catalog.error)} /> : null}
      {items.length === 0 && !years.loading ? <Alert type="info" title={t('web.stars.catalog.none')} /> : null}
      <Spin spinning={catalog.loading}>
        {catalog.data ? (
          <Form form={form} layout="vertical" disabled={!editable} initialValues={catalog.data.content}>
            <Form.List name="stars">
              {(fields, { add, remove }) => (
                <>
                  <Collapse
                    items={fields.map((f) => ({
                      key: f.key,
                      label: <StarLabel index={f.name} form={form} />,
                      children: (
                        <StarFields
                          name={f.name}
                          departments={(departments.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))}
                          onRemove={() => remove(f.name)}
                        />
                      ),
                    }))}
                  />
                  {editable ? (
                    <Space style={{ marginTop: 12 }}>
                      <Button
                        onClick={() => add({ code: '', name: '', description: '', passMark: 80, departmentCode: '', surveyQuestion: '', indicators: [] })}
                      >
                        {t('web.stars.catalog.addStar')}
                      </Button>
                      <Button type="primary" onClick={() => void save()} loading={busy} data-testid="star-catalog-save">
                        {t('web.stars.catalog.save')}
                      </Button>
                    </Space>
                  ) : null}
                </>
              )}
            </Form.List>
          </Form>
        ) : null}
      </Spin>
    </div>
  );
}

function StarLabel({ index, form }: { index: number; form: ReturnType<typeof Form.useForm<StarCatalogContent>>[0] }) {
  const name = Form.useWatch(['stars', index, 'name'], form) as string | undefined;
  const code = Form.useWatch(['stars', index, 'code'], form) as string | undefined;
  return (
    <span>
      {name || '—'} <span className="star-muted">{code}</span>
    </span>
  );
}

function StarFields({ name, departments, onRemove }: { name: number; departments: { value: string; label: string }[]; onRemove: () => void }) {
  const { t } = useLocale();
  const required = [{ required: true }];
  return (
    <>
      <Space wrap align="start">
        <Form.Item name={[name, 'code']} label={t('web.stars.catalog.code')} rules={required}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name={[name, 'name']} label={t('web.stars.catalog.name')} rules={required}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name={[name, 'passMark']} label={t('web.stars.catalog.passMark')} rules={required}>
          <InputNumber min={0} max={100} />
        </Form.Item>
        <Form.Item name={[name, 'departmentCode']} label={t('web.stars.catalog.department')} rules={required}>
          <Select style={{ width: 220 }} options={departments} />
        </Form.Item>
      </Space>
      <Form.Item name={[name, 'description']} label={t('web.stars.catalog.description')}>
        <Input />
      </Form.Item>
      <Form.Item name={[name, 'surveyQuestion']} label={t('web.stars.catalog.surveyQuestion')} rules={required}>
        <Input />
      </Form.Item>
      <Card size="small" title={t('web.stars.catalog.indicators')}>
        <Form.List name={[name, 'indicators']}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" className="star-indicator">
                  <Form.Item name={[f.name, 'code']} label={t('web.stars.catalog.code')} rules={required}>
                    <Input style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} label={t('web.stars.catalog.name')} rules={required}>
                    <Input style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} label={t('web.stars.catalog.weight')} rules={required}>
                    <InputNumber min={1} max={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'source']} label={t('web.stars.catalog.source')} rules={required}>
                    <Select style={{ width: 190 }} options={STAR_INDICATOR_SOURCES.map((s) => ({ value: s, label: t(`web.stars.indicatorSource.${s}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'scoring']} label={t('web.stars.catalog.scoring')} rules={required}>
                    <Input.TextArea autoSize style={{ width: 320 }} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                    ✕
                  </Button>
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button size="small" onClick={() => add({ code: '', name: '', scoring: '', weight: 10, source: 'manual' })}>
                {t('web.stars.catalog.addIndicator')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Button danger size="small" style={{ marginTop: 8 }} onClick={onRemove}>
        {t('web.stars.catalog.removeStar')}
      </Button>
    </>
  );
}
