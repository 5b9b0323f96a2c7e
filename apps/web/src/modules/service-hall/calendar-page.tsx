import './service-hall.css';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App as AntApp, Button, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { confirmYear, deleteOverride, getCalendarYear, putOverride } from './service-hall.api.ts';

/** 工作日历 (city): the year's exceptions to Monday–Friday, local overrides, and confirming the year. */
export function CalendarPage() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const cal = useAsync((signal) => getCalendarYear(year, signal), [year]);
  const [form] = Form.useForm<{ date: string; kind: 'holiday' | 'workday'; note?: string }>();
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      cal.reload();
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="calendar-title">
      <div className="page-header">
        <div>
          <h1 id="calendar-title">{t('web.hall.calendar.title')}</h1>
          <p className="page-subtitle">{t('web.hall.calendar.subtitle')}</p>
        </div>
        <Space wrap>
          <Select
            value={year}
            aria-label={t('web.hall.calendar.year')}
            onChange={(y: number) => setParams({ year: String(y) })}
            options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
          />
          {cal.data ? (
            cal.data.confirmed ? (
              <Tag color="green" data-testid="calendar-confirmed">
                {t('web.hall.calendar.confirmed')}
              </Tag>
            ) : (
              <Popconfirm
                title={t('web.hall.calendar.confirmAsk', { year })}
                onConfirm={() => run(() => confirmYear(year), t('web.hall.calendar.confirmedNow', { year }))}
              >
                <Button type="primary" loading={busy} data-testid="calendar-confirm">
                  {t('web.hall.calendar.confirm', { year })}
                </Button>
              </Popconfirm>
            )
          ) : null}
        </Space>
      </div>
      {cal.data && !cal.data.confirmed ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('web.hall.calendar.provisional', { year })} />
      ) : null}
      {cal.error ? <Alert type="error" showIcon title={errorText(locale, cal.error)} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="inline"
        initialValues={{ kind: 'holiday' }}
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) =>
          run(async () => {
            await putOverride(v.date, v.kind, v.note?.trim());
            form.resetFields();
          }, t('web.hall.calendar.saved'))
        }
      >
        <Form.Item name="date" rules={[requiredRule(t, 'web.hall.calendar.date')]}>
          <Input type="date" aria-label={t('web.hall.calendar.date')} data-testid="override-date" />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            style={{ minWidth: 120 }}
            aria-label={t('web.hall.calendar.kind')}
            options={[
              { value: 'holiday', label: t('web.hall.calendar.kind.holiday') },
              { value: 'workday', label: t('web.hall.calendar.kind.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t('web.hall.calendar.note')} maxLength={100} />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="override-save">
          {t('web.hall.calendar.add')}
        </Button>
      </Form>
      <Table
        rowKey="date"
        size="small"
        loading={cal.loading}
        dataSource={cal.data?.days ?? []}
        pagination={false}
        data-testid="calendar-days"
        columns={[
          { title: t('web.hall.calendar.date'), dataIndex: 'date' },
          {
            title: t('web.hall.calendar.kind'),
            dataIndex: 'kind',
            render: (k: 'holiday' | 'workday') => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`web.hall.calendar.kind.${k}`)}</Tag>,
          },
          { title: t('web.hall.calendar.source'), dataIndex: 'source', render: (s: string) => t(`web.hall.calendar.source.${s}`) },
          {
            title: t('web.common.actions'),
            key: 'actions',
            render: (_v, d) =>
              d.source === 'override' ? (
                <Button size="small" danger onClick={() => run(() => deleteOverride(d.date), t('web.hall.calendar.removed'))}>
                  {t('web.hall.calendar.remove')}
                </Button>
              ) : null,
          },
        ]}
      />
    </section>
  );
}
