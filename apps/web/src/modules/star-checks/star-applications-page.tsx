import './star-checks.css';
import { useState } from 'react';
import { App as AntApp, Button, Descriptions, Drawer, Empty, Form, Input, Modal, Radio, Select, Space, Table, Tag, Timeline } from 'antd';
import { STAR_APPLICATION_STATES, type StarApplication, type StarApplicationDetail, type StarApplicationStep } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { PageLoading } from '../../app/page-states.tsx';
import { AttachmentList, AttachmentUpload } from '../files/attachments.tsx';
import { applyForStar, getApplication, getCheckBoard, listApplications, takeApplicationStep } from './star-checks.api.ts';

const PAGE_SIZE = 20;
const STATE_COLOR: Record<string, string> = { applied: 'blue', checked: 'cyan', reviewed: 'purple', approved: 'green', refused: 'red' };

export function ApplicationStateTag({ state }: { state: string }) {
  const { t } = useLocale();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="application-state">
      {t(`web.starChecks.applicationState.${state}`)}
    </Tag>
  );
}

/** 增星: the community applies for a star it lacks; the township, the star's department and the city act on their queue. */
export function StarApplicationsPage() {
  const { locale, t } = useLocale();
  const [page, setPage] = useState(1);
  const [actionable, setActionable] = useState(true);
  const [state, setState] = useState<string | undefined>(undefined);
  const [applying, setApplying] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useAsync(
    (signal) => listApplications({ page, pageSize: PAGE_SIZE, ...(state ? { state } : {}), ...(actionable ? { actionable: 'true' as const } : {}) }, signal),
    [page, state, actionable],
  );
  const { current } = useCurrentOrg();
  const board = useAsync((signal) => getCheckBoard(current ? { orgId: current.id } : {}, signal), [current?.id]);
  const applicable = (board.data?.communities ?? []).filter((c) => c.abilities.includes('apply'));

  return (
    <section aria-labelledby="applications-title">
      <div className="page-header">
        <div>
          <h1 id="applications-title">{t('web.starApplications.title')}</h1>
          <p className="star-meta">{t('web.starApplications.intro')}</p>
        </div>
        {applicable.length > 0 ? (
          <Button type="primary" onClick={() => setApplying(true)} data-testid="application-apply-open">
            {t('web.starApplications.apply')}
          </Button>
        ) : null}
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          value={actionable}
          onChange={(e) => (setActionable(e.target.value as boolean), setPage(1))}
          optionType="button"
          data-testid="application-filter"
        >
          <Radio value={true}>{t('web.starApplications.filter.actionable')}</Radio>
          <Radio value={false}>{t('web.starApplications.filter.all')}</Radio>
        </Radio.Group>
        <Select
          allowClear
          style={{ minWidth: 160 }}
          value={state}
          onChange={(v) => (setState(v), setPage(1))}
          placeholder={t('web.starApplications.filter.all')}
          aria-label={t('web.starApplications.filter.all')}
          options={STAR_APPLICATION_STATES.map((s) => ({ value: s, label: t(`web.starChecks.applicationState.${s}`) }))}
          data-testid="application-state-filter"
        />
      </Space>
      {list.error ? <Empty description={errorText(locale, list.error)} /> : null}
      <Table<StarApplication>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('web.starApplications.none')} /> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        data-testid="application-table"
        scroll={{ x: 700 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'community', title: t('web.starApplications.field.community'), dataIndex: 'communityName' },
          { key: 'star', title: t('web.starApplications.field.star'), dataIndex: 'starName' },
          { key: 'state', title: t('web.starApplications.col.state'), render: (_, r) => <ApplicationStateTag state={r.state} /> },
          {
            key: 'applied',
            title: t('web.starApplications.steps'),
            render: (_, r) => t('web.starApplications.appliedBy', { name: r.appliedByName, at: formatDateTime(r.appliedAt) }),
          },
          {
            key: 'actions',
            title: t('web.starChecks.col.actions'),
            render: (_, r) =>
              r.abilities.length > 0 ? (
                <Button size="small" type="primary" onClick={() => setOpenId(r.id)} data-testid="application-act">
                  {t(`web.starApplications.step.${r.abilities[0]}`)}
                </Button>
              ) : null,
          },
        ]}
      />
      {applying ? (
        <ApplyModal
          communities={applicable}
          catalog={board.data?.catalog ?? []}
          onClose={(id) => {
            setApplying(false);
            if (id) {
              list.reload();
              board.reload();
              setOpenId(id);
            }
          }}
        />
      ) : null}
      {openId ? <ApplicationDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} /> : null}
    </section>
  );
}

type ApplyValues = { communityId: string; starCode: string; reason: string; attachmentIds?: string[] };
type Community = { communityId: string; communityName: string; stars: { code: string }[] };

function ApplyModal({
  communities,
  catalog,
  onClose,
}: {
  communities: Community[];
  catalog: { code: string; name: string }[];
  onClose: (id: string | null) => void;
}) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ApplyValues>();
  const [saving, setSaving] = useState(false);
  const communityId = Form.useWatch('communityId', form) ?? communities[0]?.communityId;
  const held = new Set(communities.find((c) => c.communityId === communityId)?.stars.map((s) => s.code));
  const lacking = catalog.filter((s) => !held.has(s.code));

  const submit = async (v: ApplyValues) => {
    setSaving(true);
    try {
      const app = await applyForStar({ communityId: v.communityId, starCode: v.starCode, reason: v.reason.trim(), attachmentIds: v.attachmentIds ?? [] });
      message.success(t('web.starApplications.applied'));
      onClose(app.id);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('web.starApplications.apply')}
      onCancel={() => onClose(null)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'application-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ communityId: communities[0]?.communityId }} data-testid="application-form">
        <Form.Item
          name="communityId"
          label={t('web.starApplications.field.community')}
          rules={[requiredRule(t, 'web.starApplications.field.community', 'select')]}
        >
          <Select
            options={communities.map((c) => ({ value: c.communityId, label: c.communityName }))}
            onChange={() => form.setFieldValue('starCode', undefined)}
            data-testid="application-community"
          />
        </Form.Item>
        <Form.Item
          name="starCode"
          label={t('web.starApplications.field.star')}
          rules={[requiredRule(t, 'web.starApplications.field.star', 'select')]}
          extra={lacking.length === 0 ? t('web.starApplications.noneLacking') : null}
        >
          <Select options={lacking.map((s) => ({ value: s.code, label: s.name }))} data-testid="application-star" />
        </Form.Item>
        <Form.Item name="reason" label={t('web.starApplications.field.reason')} rules={[requiredRule(t, 'web.starApplications.field.reason')]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="application-reason" />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('web.starApplications.field.evidence')}>
          <AttachmentUpload testId="application-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One application: what was asked, the evidence, each step taken (a timeline), and the step the caller may take now. */
function ApplicationDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { locale, t } = useLocale();
  const loaded = useAsync((signal) => getApplication(id, signal), [id]);
  const [data, setData] = useState<StarApplicationDetail | null>(null);
  const [acting, setActing] = useState<StarApplicationStep | null>(null);
  const d = data ?? loaded.data;
  return (
    <Drawer open width={520} onClose={onClose} title={d ? `${d.communityName} · ${d.starName}` : null} data-testid="application-drawer">
      {loaded.error ? <Empty description={errorText(locale, loaded.error)} /> : null}
      {!d && !loaded.error ? <PageLoading /> : null}
      {d ? (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <ApplicationStateTag state={d.state} />
            {(d.abilities as StarApplicationStep[]).map((step) => (
              <Button key={step} type="primary" onClick={() => setActing(step)} data-testid={`application-step-${step}`}>
                {t(`web.starApplications.step.${step}`)}
              </Button>
            ))}
          </Space>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('web.starApplications.field.reason')}>
              <span className="star-text">{d.reason}</span>
            </Descriptions.Item>
          </Descriptions>
          <AttachmentList files={d.attachments} testId="application-attachments" />
          <h3 style={{ marginTop: 16 }}>{t('web.starApplications.steps')}</h3>
          <Timeline
            data-testid="application-steps"
            items={d.steps.map((s) => ({
              color: s.action.endsWith('refused') ? 'red' : 'green',
              children: (
                <div>
                  <div>{t(`web.starChecks.action.${s.action}`)}</div>
                  <div className="star-meta">
                    {s.actorName ?? ''} · {formatDateTime(s.at)}
                  </div>
                  {s.note ? <div className="star-text">{s.note}</div> : null}
                </div>
              ),
            }))}
          />
        </>
      ) : null}
      {acting && d ? (
        <StepModal
          application={d}
          step={acting}
          onClose={(next) => {
            setActing(null);
            if (next) {
              setData(next);
              onChanged();
            }
          }}
        />
      ) : null}
    </Drawer>
  );
}

function StepModal({
  application,
  step,
  onClose,
}: {
  application: StarApplicationDetail;
  step: StarApplicationStep;
  onClose: (next: StarApplicationDetail | null) => void;
}) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ yes: boolean; note?: string }>();
  const [saving, setSaving] = useState(false);
  const yes = Form.useWatch('yes', form) ?? true;

  const submit = async (v: { yes: boolean; note?: string }) => {
    setSaving(true);
    try {
      const next = await takeApplicationStep(application.id, step, v.yes, v.note?.trim() ?? '');
      message.success(t('web.starApplications.done'));
      onClose(next);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`${t(`web.starApplications.step.${step}`)} · ${application.communityName} · ${application.starName}`}
      onCancel={() => onClose(null)}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'application-step-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ yes: true }} data-testid="application-step-form">
        <Form.Item name="yes">
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="application-step-outcome">
            <Radio value={true}>{t('web.starApplications.pass')}</Radio>
            <Radio value={false}>{t('web.starApplications.refuse')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="note"
          label={t('web.starApplications.field.note')}
          rules={yes ? [] : [{ required: true, whitespace: true, message: t('web.starApplications.noteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="application-step-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
