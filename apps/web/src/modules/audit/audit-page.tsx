import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import type { AuditEntry, AuditOutcome } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { listAudit, type AuditQuery } from './audit.api.ts';
import { auditActionKey, knownAuditActions, knownAuditOutcomes } from './audit-actions.ts';

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

type FilterForm = { action?: string; actor?: string; outcome?: AuditOutcome; dates?: [Dayjs | null, Dayjs | null] | null };

/** The audit log, newest first as the server sends it, filtered and paged on the server. */
export function AuditPage() {
  const { locale, t } = useLocale();
  const [form] = Form.useForm<FilterForm>();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20 });
  const entries = useAsync((signal) => listAudit(query, signal), [query]);
  const actions = useMemo(() => knownAuditActions(), []);

  const actionName = (action: string) => {
    const key = auditActionKey(action);
    const text = t(key);
    return text === key ? action : text;
  };

  const applyFilter = (values: FilterForm) => {
    const [from, to] = values.dates ?? [null, null];
    setQuery((current) => ({
      pageSize: current.pageSize,
      page: 1,
      action: values.action || undefined,
      actor: values.actor?.trim() || undefined,
      outcome: values.outcome,
      // Days of the browser's calendar, sent as instants: the server's plain dates would be UTC days.
      from: from ? from.startOf('day').toISOString() : undefined,
      to: to ? to.add(1, 'day').startOf('day').toISOString() : undefined,
    }));
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('web.audit.at'), key: 'at', render: (_value, e) => formatDateTime(e.at, true), width: 180 },
    {
      title: t('web.audit.actor'),
      key: 'actor',
      render: (_value, e) => e.actorName ?? <span className="page-subtitle">{t('web.audit.anonymous')}</span>,
    },
    { title: t('web.audit.action'), key: 'action', render: (_value, e) => actionName(e.action) },
    {
      title: t('web.audit.outcome'),
      key: 'outcome',
      render: (_value, e) => <Tag color={OUTCOME_COLORS[e.outcome]}>{t(`audit.outcome.${e.outcome}`)}</Tag>,
    },
    {
      title: t('web.audit.target'),
      key: 'target',
      responsive: ['md'],
      render: (_value, e) => (e.targetType ? `${e.targetType}${e.targetId ? ` · ${e.targetId}` : ''}` : t('web.common.empty')),
    },
    { title: t('web.audit.ip'), key: 'ip', responsive: ['lg'], render: (_value, e) => e.ip ?? t('web.common.empty') },
  ];

  return (
    <section aria-labelledby="audit-title">
      <div className="page-header">
        <h1 id="audit-title">{t('web.audit.title')}</h1>
        <Button onClick={entries.reload} data-testid="audit-refresh">
          {t('web.common.refresh')}
        </Button>
      </div>
      <Form<FilterForm> form={form} name="audit-filter" layout="inline" className="audit-filter" onFinish={applyFilter}>
        <Form.Item name="action" label={t('web.audit.action')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('web.common.all')}

            data-testid="audit-filter-action"
            options={actions.map((action) => ({ value: action, label: actionName(action) }))}
          />
        </Form.Item>
        <Form.Item name="actor" label={t('web.audit.actor')}>
          <Input allowClear placeholder={t('web.audit.actorPlaceholder')} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="outcome" label={t('web.audit.outcome')}>
          <Select
            allowClear
            placeholder={t('web.common.all')}

            data-testid="audit-filter-outcome"
            options={knownAuditOutcomes().map((outcome) => ({ value: outcome, label: t(`audit.outcome.${outcome}`) }))}
          />
        </Form.Item>
        <Form.Item name="dates" label={t('web.audit.dateRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-dates" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-filter-submit">
              {t('web.common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                applyFilter({});
              }}
            >
              {t('web.common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {entries.error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(locale, entries.error)}
          action={<Button onClick={entries.reload}>{t('web.common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<AuditEntry>
        rowKey="seq"
        size="middle"
        data-testid="audit-table"
        columns={columns}
        dataSource={entries.data?.items ?? []}
        loading={entries.loading}
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (entry) => <AuditEntryDetails entry={entry} />,
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: entries.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('web.common.total', { total }),
        }}
        onChange={(pagination) => setQuery((current) => ({ ...current, page: pagination.current ?? 1, pageSize: pagination.pageSize ?? current.pageSize }))}
      />
    </section>
  );
}

function AuditEntryDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useLocale();
  const empty = t('web.common.empty');
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid={`audit-details-${entry.seq}`}>
      <Descriptions.Item label={t('web.audit.seq')}>{entry.seq}</Descriptions.Item>
      <Descriptions.Item label={t('web.audit.requestId')}>{entry.requestId ?? empty}</Descriptions.Item>
      <Descriptions.Item label={t('web.audit.actorId')}>{entry.actorId ?? empty}</Descriptions.Item>
      <Descriptions.Item label={t('web.audit.target')}>
        {entry.targetType ? `${entry.targetType}${entry.targetId ? ` · ${entry.targetId}` : ''}` : empty}
      </Descriptions.Item>
      <Descriptions.Item label={t('web.audit.org')}>{entry.orgId ?? empty}</Descriptions.Item>
      <Descriptions.Item label={t('web.audit.ip')}>{entry.ip ?? empty}</Descriptions.Item>
      <Descriptions.Item label={t('web.audit.details')} span="filled">
        {entry.details && Object.keys(entry.details).length > 0 ? <pre className="audit-details">{JSON.stringify(entry.details, null, 2)}</pre> : empty}
      </Descriptions.Item>
    </Descriptions>
  );
}
