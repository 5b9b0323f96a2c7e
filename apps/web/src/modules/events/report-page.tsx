import './events.css';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App as AntApp, Button, Empty, Form, Input, Select, Space } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/i18n.tsx';
import { useMe } from '../../app/auth-context.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { listOrgs } from '../orgs/orgs.api.ts';
import { AttachmentUpload } from '../files/attachments.tsx';
import { listEventCategories, reportEvent, type ReportInput } from './events.api.ts';

type Values = { gridId: string; categoryId?: string; description: string; address?: string; photoIds?: string[]; source: ReportInput['source'] };

/**
 * Report an event (采集上报), phone first: the grid (a grid worker's own, or one of the chosen
 * community's), what and where — the phone's position if the worker allows it — and photos.
 */
export function ReportEventPage() {
  const { locale, t } = useLocale();
  const me = useMe();
  const { current } = useCurrentOrg();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const grids = useAsync(
    async (signal) => (!current ? [] : current.kind === 'grid' ? [current] : (await listOrgs(current.id, signal)).filter((o) => o.kind === 'grid')),
    [current?.id],
  );
  const categories = useAsync((signal) => listEventCategories(signal), []);
  const gridOnly = !me.permissions.includes('event:dispatch');

  const groups = (categories.data?.items ?? [])
    .filter((c) => c.level === 1)
    .map((top) => ({
      label: `${t(`web.events.kind.${top.kind}`)} · ${top.name}`,
      options: (categories.data?.items ?? []).filter((c) => c.parentId === top.id && c.active).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` })),
    }))
    .filter((g) => g.options.length > 0);

  const locate = () => {
    if (!navigator.geolocation) return void message.warning(t('web.events.report.noLocation'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocation({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 });
        setLocating(false);
      },
      () => {
        message.warning(t('web.events.report.noLocation'));
        setLocating(false);
      },
      { timeout: 10_000 },
    );
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const e = await reportEvent({
        gridId: v.gridId,
        categoryId: v.categoryId ?? null,
        description: v.description,
        address: v.address?.trim() ? v.address.trim() : null,
        location,
        photoIds: v.photoIds ?? [],
        source: v.source,
      });
      message.success(t('web.events.report.done', { number: e.number }));
      navigate(`/events/${e.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const gridOptions = (grids.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  return (
    <section aria-labelledby="report-title" data-testid="report-event-page">
      <div className="page-header">
        <h1 id="report-title">{t('web.events.report.title')}</h1>
      </div>
      {grids.data && gridOptions.length === 0 ? <Empty description={t('web.events.report.chooseCommunity')} /> : null}
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        className="event-report-form"
        onFinish={(v) => void submit(v)}
        initialValues={{ source: 'grid-worker', gridId: gridOptions.length === 1 ? gridOptions[0]!.value : undefined }}
        key={gridOptions.map((g) => g.value).join()}
      >
        <Form.Item name="gridId" label={t('web.events.grid')} rules={[{ required: true, message: t('web.events.report.gridRequired') }]}>
          <Select options={gridOptions} data-testid="field-grid" size="large" />
        </Form.Item>
        <Form.Item name="categoryId" label={t('web.events.category')} extra={t('web.events.report.categoryHint')}>
          <Select allowClear showSearch optionFilterProp="label" options={groups} data-testid="field-category" size="large" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('web.events.description')}
          rules={[{ required: true, whitespace: true, message: t('web.events.report.descriptionRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} data-testid="field-description" />
        </Form.Item>
        <Form.Item name="address" label={t('web.events.address')}>
          <Input maxLength={200} data-testid="field-address" size="large" />
        </Form.Item>
        <Form.Item label={t('web.events.report.location')}>
          <Space wrap>
            <Button icon={<EnvironmentOutlined />} onClick={locate} loading={locating} data-testid="locate">
              {t('web.events.report.locate')}
            </Button>
            {location ? <span className="mono" data-testid="location">{`${location.lat}, ${location.lng}`}</span> : null}
          </Space>
        </Form.Item>
        <Form.Item name="photoIds" label={t('web.events.field.photos')}>
          <AttachmentUpload max={9} testId="report-photos" />
        </Form.Item>
        {gridOnly ? null : (
          <Form.Item name="source" label={t('web.events.source')}>
            <Select
              data-testid="field-source"
              options={(['grid-worker', 'resident', 'hotline'] as const).map((s) => ({ value: s, label: t(`web.events.sourceOf.${s}`) }))}
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="report-submit">
          {t('web.events.report.submit')}
        </Button>
      </Form>
    </section>
  );
}
