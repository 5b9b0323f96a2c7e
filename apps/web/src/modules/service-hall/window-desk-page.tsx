import './service-hall.css';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App as AntApp, Button, Card, Checkbox, Empty, Form, Input, Radio, Select, Space, Tag } from 'antd';
import { CHANNELS, type Channel, type ServiceItem } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { ResidentSelect } from '../residents/resident-select.tsx';
import { addWorkingDays, chinaToday, listServiceItems, receiveRequest } from './service-hall.api.ts';
import { ItemFlags } from './service-hall-bits.tsx';
import { AttachmentUpload } from '../files/attachments.tsx';

type DeskValues = {
  who: 'resident' | 'visitor';
  residentId?: string;
  visitorName?: string;
  contactPhone?: string;
  itemId?: string;
  description?: string;
  channel: Channel;
  walkIn: boolean;
  attachmentIds?: string[];
};

/** 窗口受理: a walk-in is received in under a minute — who, which item, what for; the due date shows before saving. */
export function WindowDeskPage() {
  const { current } = useCurrentOrg();
  const { t } = useLocale();
  // At a grid, the grid worker receives for its residents: the request is filed at the grid's community.
  const placeChosen = current && (current.kind === 'community' || current.kind === 'village' || current.kind === 'grid');
  return (
    <section aria-labelledby="desk-title">
      <div className="page-header">
        <div>
          <h1 id="desk-title">{t('web.hall.desk.title')}</h1>
          {current ? <p className="page-subtitle">{t('web.registry.withinNode', { name: current.name })}</p> : null}
        </div>
      </div>
      {placeChosen ? (
        <DeskForm key={current.id} orgId={current.id} atGrid={current.kind === 'grid'} />
      ) : (
        <Empty description={t('web.hall.desk.chooseCommunity')} />
      )}
    </section>
  );
}

function DeskForm({ orgId, atGrid }: { orgId: string; atGrid: boolean }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<DeskValues>();
  const items = useAsync((signal) => listServiceItems(signal), []);
  const who = Form.useWatch('who', form) ?? 'resident';
  const itemId = Form.useWatch('itemId', form);
  const active = (items.data?.items ?? []).filter((i) => i.active);
  const item: ServiceItem | undefined = active.find((i) => i.id === itemId);
  const [due, setDue] = useState<{ date: string; provisional: boolean } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!item) {
      setDue(null);
      return;
    }
    const controller = new AbortController();
    addWorkingDays(chinaToday(), item.limitDays, controller.signal).then(setDue, () => setDue(null));
    return () => controller.abort();
  }, [item]);

  const submit = async (values: DeskValues) => {
    setSaving(true);
    try {
      const created = await receiveRequest({
        orgId,
        itemId: values.itemId!,
        channel: values.channel,
        residentId: values.who === 'resident' ? values.residentId : undefined,
        visitorName: values.who === 'visitor' ? values.visitorName?.trim() : undefined,
        contactPhone: values.contactPhone?.trim() || undefined,
        description: values.description!.trim(),
        walkIn: values.walkIn,
        attachmentIds: values.attachmentIds ?? [],
      });
      message.success(t('web.hall.desk.received', { number: created.number }));
      navigate(`/service-requests/${created.id}`);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<DeskValues>
      form={form}
      layout="vertical"
      className="desk-form"
      initialValues={{ who: 'resident', channel: atGrid ? 'grid-worker' : 'window', walkIn: !atGrid }}
      onFinish={submit}
      data-testid="desk-form"
    >
      {items.error ? <Alert type="error" showIcon title={errorText(locale, items.error)} style={{ marginBottom: 16 }} /> : null}
      {atGrid ? <Alert type="info" showIcon title={t('web.hall.desk.gridHint')} style={{ marginBottom: 16 }} data-testid="desk-grid-hint" /> : null}
      <Form.Item name="who" label={t('web.hall.desk.who')} hidden={atGrid}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'resident', label: t('web.hall.desk.registered') },
            { value: 'visitor', label: t('web.hall.desk.visitor') },
          ]}
          data-testid="desk-who"
        />
      </Form.Item>
      {who === 'resident' ? (
        <Form.Item
          name="residentId"
          label={t('web.hall.resident')}
          rules={[requiredRule(t, 'web.hall.resident', 'select')]}
          extra={t('web.hall.desk.residentHint')}
        >
          <ResidentSelect orgId={orgId} data-testid="desk-resident" aria-label={t('web.hall.resident')} />
        </Form.Item>
      ) : (
        <Form.Item name="visitorName" label={t('web.hall.desk.visitorName')} rules={[requiredRule(t, 'web.hall.desk.visitorName')]}>
          <Input maxLength={64} data-testid="desk-visitor-name" />
        </Form.Item>
      )}
      <Form.Item name="contactPhone" label={t('web.hall.desk.phone')} rules={who === 'visitor' ? [requiredRule(t, 'web.hall.desk.phone')] : []}>
        <Input maxLength={20} inputMode="tel" data-testid="desk-phone" />
      </Form.Item>
      <Form.Item name="itemId" label={t('web.hall.item')} rules={[requiredRule(t, 'web.hall.item', 'select')]}>
        <Select
          loading={items.loading}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('web.hall.desk.itemPlaceholder')}
          options={active.map((i) => ({ value: i.id, label: `${i.name} · ${i.code} · ${i.category}` }))}
          data-testid="desk-item"
          aria-label={t('web.hall.item')}
        />
      </Form.Item>
      {item ? (
        <Card size="small" className="desk-item-card" data-testid="desk-item-card">
          <Space wrap>
            <ItemFlags item={item} />
            <span>{t('web.hall.desk.department', { department: item.department })}</span>
            <span>{t('web.hall.desk.limit', { days: item.limitDays })}</span>
          </Space>
          <div>
            <strong>{t('web.hall.materials')}</strong>
            {item.materials.length ? (
              <ul data-testid="desk-materials">
                {item.materials.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : (
              <span> {t('web.hall.noMaterials')}</span>
            )}
          </div>
        </Card>
      ) : null}
      {due ? (
        <Alert
          className="desk-due"
          type="info"
          showIcon
          data-testid="desk-due"
          title={
            <span>
              {t('web.hall.desk.due', { date: due.date })} {due.provisional ? <Tag color="gold">{t('web.hall.provisional')}</Tag> : null}
            </span>
          }
        />
      ) : null}
      <Form.Item name="description" label={t('web.hall.description')} rules={[requiredRule(t, 'web.hall.description')]}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="desk-description" />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="channel" label={t('web.hall.channel')}>
          <Select
            style={{ minWidth: 160 }}
            disabled={atGrid}
            options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            data-testid="desk-channel"
          />
        </Form.Item>
        <Form.Item name="walkIn" valuePropName="checked" label=" ">
          <Checkbox data-testid="desk-walk-in">{t('web.hall.desk.walkIn')}</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item name="attachmentIds" label={t('web.files.attachments')}>
        <AttachmentUpload testId="desk-attachments" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="desk-submit">
          {t('web.hall.desk.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
