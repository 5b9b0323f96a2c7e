import { useState } from 'react';
import { App as AntApp, Alert, Button, Checkbox, Descriptions, Empty, Form, Input, List, Modal, Radio, Select, Space, Tag } from 'antd';
import { parseQuarter, type StarCheck, type StarCheckRow } from '@lingyan/shared';
import { useLocale, type Translate } from '../../app/i18n.tsx';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { AttachmentList, AttachmentUpload } from '../files/attachments.tsx';
import { recordCheck, removeStar } from './star-checks.api.ts';

export function quarterName(t: Translate, key: string): string {
  const q = parseQuarter(key);
  return q ? t('web.starChecks.quarterName', { year: q.year, q: q.q }) : key;
}

type CheckValues = { results: Record<string, { result: 'kept' | 'failed'; note?: string }>; note?: string; attachmentIds?: string[] };

/** One community's check for the quarter: every star it holds kept or failed, with a note, and evidence. */
export function CheckModal({ row, quarter, onClose }: { row: StarCheckRow; quarter: string; onClose: (done: boolean) => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CheckValues>();
  const [saving, setSaving] = useState(false);
  const initial = Object.fromEntries(row.stars.map((s) => [s.code, { result: 'kept' as const, note: '' }]));

  const submit = async (v: CheckValues) => {
    setSaving(true);
    try {
      await recordCheck({
        communityId: row.communityId,
        quarter,
        results: row.stars.map((s) => ({ starCode: s.code, result: v.results[s.code]?.result ?? 'kept', note: v.results[s.code]?.note?.trim() ?? '' })),
        note: v.note?.trim() ?? '',
        attachmentIds: v.attachmentIds ?? [],
      });
      message.success(t('web.starChecks.checked'));
      onClose(true);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('web.starChecks.checkTitle', { community: row.communityName, quarter: quarterName(t, quarter) })}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'check-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ results: initial }} data-testid="check-form">
        {row.stars.length === 0 ? <Alert type="info" showIcon message={t('web.starChecks.noneHeld')} style={{ marginBottom: 12 }} /> : null}
        {row.stars.map((s) => (
          <div key={s.code} className="star-check-result" data-testid={`check-star-${s.code}`}>
            <span className="star-check-name">{s.name}</span>
            <Form.Item name={['results', s.code, 'result']} noStyle>
              <Radio.Group optionType="button" buttonStyle="solid" data-testid={`check-result-${s.code}`}>
                <Radio value="kept">{t('web.starChecks.result.kept')}</Radio>
                <Radio value="failed">{t('web.starChecks.result.failed')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name={['results', s.code, 'note']} noStyle>
              <Input maxLength={500} placeholder={t('web.starChecks.field.starNote')} data-testid={`check-note-${s.code}`} />
            </Form.Item>
          </div>
        ))}
        <Form.Item name="note" label={t('web.starChecks.field.note')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="check-overall-note" />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('web.starChecks.field.evidence')}>
          <AttachmentUpload testId="check-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A recorded check: each star's result and note, the evidence; a failed star still held can be removed from here. */
export function CheckView({
  row,
  check,
  onClose,
  onRemove,
}: {
  row: StarCheckRow;
  check: StarCheck;
  onClose: () => void;
  onRemove: (starCode: string) => void;
}) {
  const { t } = useLocale();
  const held = new Set(row.stars.map((s) => s.code));
  return (
    <Modal
      open
      width={640}
      title={t('web.starChecks.checkTitle', { community: row.communityName, quarter: quarterName(t, check.quarter) })}
      onCancel={onClose}
      footer={null}
    >
      <p className="star-meta">{t('web.starChecks.checkedBy', { name: check.checkedByName, at: formatDateTime(check.checkedAt) })}</p>
      <List
        size="small"
        dataSource={check.results}
        locale={{ emptyText: <Empty description={t('web.starChecks.noStars')} /> }}
        data-testid="check-results"
        renderItem={(r) => (
          <List.Item
            extra={
              r.result === 'failed' && held.has(r.starCode) && row.abilities.includes('remove') ? (
                <Button size="small" danger onClick={() => onRemove(r.starCode)} data-testid={`check-remove-${r.starCode}`}>
                  {t('web.starChecks.remove')}
                </Button>
              ) : null
            }
          >
            <Space wrap>
              <span>{r.starName}</span>
              <Tag color={r.result === 'failed' ? 'red' : 'green'}>{t(`web.starChecks.result.${r.result}`)}</Tag>
              {r.removalId ? <Tag>{t('web.starChecks.removedTag')}</Tag> : null}
              {r.note ? <span className="star-meta">{r.note}</span> : null}
            </Space>
          </List.Item>
        )}
      />
      {check.note ? (
        <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('web.starChecks.field.note')}>
            <span className="star-text">{check.note}</span>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <AttachmentList files={check.attachments} testId="check-attachments" />
    </Modal>
  );
}

type RemoveValues = { starCode: string; reason: string; useCheck?: boolean; attachmentIds?: string[] };

/** 减星: a held star, the reason, and evidence (files, or the check that found it failed); confirmed before it is done. */
export function RemoveModal({ row, starCode, check, onClose }: { row: StarCheckRow; starCode?: string; check?: StarCheck; onClose: (done: boolean) => void }) {
  const { locale, t } = useLocale();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<RemoveValues>();
  const [saving, setSaving] = useState(false);
  const chosen = Form.useWatch('starCode', form) ?? starCode;
  const failedInCheck = (code: string | undefined) =>
    !!check && !!code && check.results.some((r) => r.starCode === code && r.result === 'failed' && !r.removalId);
  const starName = (code: string) => row.stars.find((s) => s.code === code)?.name ?? code;

  const submit = (v: RemoveValues) =>
    modal.confirm({
      title: t('web.starChecks.remove'),
      content: t('web.starChecks.removeConfirm', { community: row.communityName, star: starName(v.starCode) }),
      okButtonProps: { danger: true, 'data-testid': 'star-remove-confirm' },
      onOk: async () => {
        setSaving(true);
        try {
          await removeStar(row.communityId, v.starCode, {
            reason: v.reason.trim(),
            attachmentIds: v.attachmentIds ?? [],
            ...(v.useCheck && check && failedInCheck(v.starCode) ? { checkId: check.id } : {}),
          });
          message.success(t('web.starChecks.removed'));
          onClose(true);
        } catch (error) {
          message.error(errorText(locale, error));
        } finally {
          setSaving(false);
        }
      },
    });

  return (
    <Modal
      open
      title={chosen ? t('web.starChecks.removeTitle', { community: row.communityName, star: starName(chosen) }) : t('web.starChecks.remove')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'star-remove-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ starCode, useCheck: failedInCheck(starCode) }} data-testid="star-remove-form">
        <Form.Item name="starCode" label={t('web.starChecks.field.star')} rules={[requiredRule(t, 'web.starChecks.field.star', 'select')]}>
          <Select options={row.stars.map((s) => ({ value: s.code, label: s.name }))} disabled={!!starCode} data-testid="star-remove-star" />
        </Form.Item>
        <Form.Item name="reason" label={t('web.starChecks.field.reason')} rules={[requiredRule(t, 'web.starChecks.field.reason')]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="star-remove-reason" />
        </Form.Item>
        {failedInCheck(chosen) ? (
          <Form.Item name="useCheck" valuePropName="checked">
            <Checkbox data-testid="star-remove-use-check">{t('web.starChecks.useCheck')}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="attachmentIds" label={t('web.starChecks.field.evidence')} extra={t('web.starChecks.evidenceHelp')}>
          <AttachmentUpload testId="star-remove-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
