import { useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Checkbox, Form, Input, Radio, Select, Space } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { NEED_CATEGORIES, VISIT_KINDS, type Visit, type VisitHousehold } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useMe } from '../../app/auth-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { fileUrl, uploadFile } from '../files/files.api.ts';
import { listServiceItems } from '../service-hall/service-hall.api.ts';
import { listEventCategories } from '../events/events.api.ts';
import { createVisit } from './visits.api.ts';

type Raise = 'none' | 'request' | 'event' | 'need';
type Values = {
  kind: (typeof VISIT_KINDS)[number];
  peopleMet: string[];
  notes?: string;
  raise: Raise;
  itemId?: string;
  categoryId?: string;
  needCategory?: (typeof NEED_CATEGORIES)[number];
  description?: string;
};

/** Photos from the phone's camera (or gallery): each uploaded at once, the form keeps the ids. */
function CameraPhotos({ value = [], onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { locale, t } = useLocale();
  const me = useMe();
  const { message } = AntApp.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const pick = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    const ids = [...value];
    for (const file of Array.from(files)) {
      try {
        ids.push((await uploadFile(file, { csrfToken: me.csrfToken ?? null, locale })).id);
      } catch (err) {
        message.error(errorText(locale, err));
      }
    }
    setBusy(false);
    onChange?.(ids.slice(0, 10));
    if (input.current) input.current.value = '';
  };
  return (
    <div className="visit-photos" data-testid="visit-photos">
      {value.map((id) => (
        <img key={id} src={fileUrl(id)} alt={t('web.visits.photo')} data-testid="visit-photo" />
      ))}
      <input
        ref={input}
        className="visit-photo-input"
        style={{ display: 'none' }}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        data-testid="visit-photo-input"
        onChange={(e) => void pick(e.target.files)}
      />
      {value.length < 10 ? (
        <Button icon={<CameraOutlined />} size="large" loading={busy} onClick={() => input.current?.click()} data-testid="visit-photo-button">
          {t('web.visits.takePhoto')}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * Logs a visit in a few taps: kind, who was met, notes, photos, and what it found — raised at once
 * as a service request, an event or a need.
 */
export function VisitForm({ household, onDone, onCancel }: { household: VisitHousehold; onDone: (v: Visit) => void; onCancel: () => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const raise = Form.useWatch('raise', form) ?? 'none';
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = useAsync((signal) => (raise === 'request' ? listServiceItems(signal) : Promise.resolve(null)), [raise]);
  const categories = useAsync((signal) => (raise === 'event' ? listEventCategories(signal) : Promise.resolve(null)), [raise]);
  const categoryGroups = (categories.data?.items ?? [])
    .filter((c) => c.level === 1)
    .map((top) => ({
      label: top.name,
      options: (categories.data?.items ?? []).filter((c) => c.parentId === top.id && c.active).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` })),
    }))
    .filter((g) => g.options.length > 0);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const description = v.description?.trim() ?? '';
      const visit = await createVisit({
        householdId: household.id,
        kind: v.kind,
        peopleMet: v.peopleMet ?? [],
        notes: v.notes?.trim() ? v.notes.trim() : null,
        photoIds,
        raise:
          v.raise === 'request'
            ? { type: 'request', itemId: v.itemId!, description }
            : v.raise === 'event'
              ? { type: 'event', categoryId: v.categoryId ?? null, description }
              : v.raise === 'need'
                ? { type: 'need', category: v.needCategory!, description }
                : null,
      });
      message.success(t('web.visits.saved'));
      onDone(visit);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="visit-form-title" data-testid="visit-form">
      <div className="page-header">
        <h1 id="visit-form-title">{t('web.visits.logTitle')}</h1>
      </div>
      <p className="visit-household-address" data-testid="visit-form-address">
        {household.address}
      </p>
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} style={{ marginBottom: 12 }} data-testid="visit-error" /> : null}
      <Form
        form={form}
        layout="vertical"
        className="visit-form"
        initialValues={{ kind: household.special ? 'special-group' : 'routine', peopleMet: [], raise: 'none' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="kind" label={t('web.visits.kind')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="field-kind">
            {VISIT_KINDS.map((k) => (
              <Radio.Button key={k} value={k}>
                <span data-testid={`kind-${k}`}>{t(`web.visits.kindOf.${k}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="peopleMet" label={t('web.visits.peopleMet')}>
          <Checkbox.Group data-testid="field-people">
            <Space direction="vertical">
              {household.members.map((m) => (
                <Checkbox key={m.id} value={m.id}>
                  <span data-testid={`person-${m.id}`}>{m.name}</span>
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="notes" label={t('web.visits.notes')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="field-notes" />
        </Form.Item>
        <Form.Item label={t('web.visits.photos')}>
          <CameraPhotos value={photoIds} onChange={setPhotoIds} />
        </Form.Item>
        <Form.Item name="raise" label={t('web.visits.raise')}>
          <Radio.Group optionType="button" size="large" data-testid="field-raise">
            {(['none', 'request', 'event', 'need'] as const).map((r) => (
              <Radio.Button key={r} value={r}>
                <span data-testid={`raise-${r}`}>{t(`web.visits.raiseAs.${r}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {raise === 'request' ? (
          <Form.Item name="itemId" label={t('web.visits.serviceItem')} rules={[{ required: true, message: t('web.visits.serviceItemRequired') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              size="large"
              data-testid="field-item"
              options={(items.data?.items ?? []).filter((i) => i.active).map((i) => ({ value: i.id, label: i.name }))}
            />
          </Form.Item>
        ) : null}
        {raise === 'event' ? (
          <Form.Item name="categoryId" label={t('web.visits.eventCategory')} extra={t('web.visits.eventCategoryHint')}>
            <Select allowClear showSearch optionFilterProp="label" size="large" data-testid="field-category" options={categoryGroups} />
          </Form.Item>
        ) : null}
        {raise === 'need' ? (
          <Form.Item name="needCategory" label={t('web.visits.needCategory')} rules={[{ required: true, message: t('web.visits.needCategoryRequired') }]}>
            <Select size="large" data-testid="field-need-category" options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`web.visits.needOf.${c}`) }))} />
          </Form.Item>
        ) : null}
        {raise !== 'none' ? (
          <Form.Item name="description" label={t('web.visits.found')} rules={[{ required: true, whitespace: true, message: t('web.visits.foundRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="field-description" />
          </Form.Item>
        ) : null}
        <Space wrap>
          <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="visit-submit">
            {t('web.visits.submit')}
          </Button>
          <Button size="large" onClick={onCancel} data-testid="visit-cancel">
            {t('web.common.cancel')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}
