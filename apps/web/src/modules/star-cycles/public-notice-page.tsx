import './star-cycles.css';
import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, Select, Table, Tag } from 'antd';
import type { StarNotice } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { PageLoading } from '../../app/page-states.tsx';
import { currentNotice, submitObjection } from './star-cycles.api.ts';

type Row = StarNotice['entries'][number];

/** 星级评定公示: the communities to be awarded, their stars and level; anyone may object during the notice. */
export function PublicStarNoticePage() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const notice = useAsync((signal) => currentNotice(signal), []);
  const [form] = Form.useForm<{ entryId: string; starCode?: string; body: string; contact?: string }>();
  const [sent, setSent] = useState(false);
  const [saving, setSaving] = useState(false);
  const entryId = Form.useWatch('entryId', form);
  if (notice.error) return <Empty description={errorText(locale, notice.error)} />;
  if (!notice.data) return <PageLoading />;
  const n = notice.data;
  if (!n.cycle) return <Empty description={t('web.starCycles.notice.none')} />;
  const chosen = n.entries.find((e) => e.entryId === entryId);
  return (
    <section aria-labelledby="notice-title">
      <h1 id="notice-title">{t('web.starCycles.notice.title', { title: n.cycle.title })}</h1>
      <p>{t('web.starCycles.notice.period', { from: n.cycle.startsOn, to: n.cycle.endsOn })}</p>
      <Table<Row>
        rowKey="entryId"
        size="small"
        pagination={false}
        dataSource={n.entries}
        onRow={() => ({ 'data-testid': 'notice-row' }) as object}
        columns={[
          { title: t('web.starCycles.col.community'), dataIndex: 'communityName' },
          { title: t('web.starCycles.col.township'), dataIndex: 'townshipName' },
          { title: t('web.starCycles.col.stars'), render: (_, e) => e.stars.map((s) => <Tag key={s.code}>{s.name}</Tag>) },
          { title: t('web.starCycles.col.awarded'), dataIndex: 'count' },
          { title: t('web.starCycles.col.level'), render: (_, e) => t(`web.stars.level.${e.level}`) },
        ]}
      />
      <Card size="small" title={t('web.starCycles.notice.object')} style={{ marginTop: 16 }}>
        {sent ? (
          <p data-testid="objection-sent">{t('web.starCycles.notice.sent')}</p>
        ) : (
          <Form
            form={form}
            layout="vertical"
            onFinish={async (v) => {
              setSaving(true);
              try {
                await submitObjection({ entryId: v.entryId, starCode: v.starCode || undefined, body: v.body, contact: v.contact || undefined });
                setSent(true);
              } catch (error) {
                message.error(errorText(locale, error));
              } finally {
                setSaving(false);
              }
            }}
          >
            <Form.Item name="entryId" label={t('web.starCycles.col.community')} rules={[requiredRule(t, 'web.starCycles.col.community', 'select')]}>
              <Select options={n.entries.map((e) => ({ value: e.entryId, label: e.communityName }))} data-testid="objection-community" />
            </Form.Item>
            <Form.Item name="starCode" label={t('web.starCycles.col.star')}>
              <Select allowClear placeholder={t('web.starCycles.wholeEntry')} options={(chosen?.stars ?? []).map((s) => ({ value: s.code, label: s.name }))} />
            </Form.Item>
            <Form.Item name="body" label={t('web.starCycles.col.objection')} rules={[requiredRule(t, 'web.starCycles.col.objection')]}>
              <Input.TextArea rows={4} maxLength={2000} data-testid="objection-body" />
            </Form.Item>
            <Form.Item name="contact" label={t('web.starCycles.col.contact')} extra={t('web.starCycles.notice.contactHint')}>
              <Input maxLength={100} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="objection-submit">
              {t('web.starCycles.notice.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </section>
  );
}
