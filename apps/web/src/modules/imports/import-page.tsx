import '../residents/registry.css';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Empty, Progress, Result, Space, Steps, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { importColumnHelp, RESIDENT_SHEET_COLUMNS, type Import, type ImportRowError, type ImportSummary } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale, type Translate } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import { ACCEPTED_EXTENSIONS, commitImport, getImport, listImports, TEMPLATE_URL, uploadResidents } from './imports.api.ts';

const POLL_MS = 500;

/** The wizard's step for an import's state. */
function stepOf(job: Import | null, uploading: boolean): number {
  if (!job) return uploading ? 1 : 0;
  switch (job.status) {
    case 'checking':
      return 2;
    case 'checked':
    case 'failed':
      return 3;
    case 'committing':
    case 'committed':
      return 4;
  }
}

/** Why a whole file failed: the catalog's words for the server's reason, else its message. */
function failureText(t: Translate, failure: NonNullable<Import['failure']>): string {
  const reason = t(failure.reason);
  return reason !== failure.reason ? t('error.IMPORT_FILE_INVALID', { reason }) : failure.message;
}

/** 导入居民: template → upload → check (with progress) → every bad row, or commit → done. */
export function ImportPage() {
  const me = useMe();
  const { locale, t } = useLocale();
  const [job, setJob] = useState<Import | null>(null);
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [committing, setCommitting] = useState(false);
  const [recentKey, setRecentKey] = useState(0);
  const recent = useAsync((signal) => listImports(signal), [recentKey]);
  const uploadAbort = useRef<AbortController | null>(null);

  // Poll while the server works on the file: every half second until checked, failed or committed.
  const jobId = job?.id;
  const busy = job?.status === 'checking' || job?.status === 'committing';
  useEffect(() => {
    if (!jobId || !busy) return;
    const controller = new AbortController();
    const timer = window.setInterval(() => {
      getImport(jobId, controller.signal).then(
        (next) => {
          if (!controller.signal.aborted) setJob(next);
        },
        (cause: unknown) => {
          if (!controller.signal.aborted && !(cause instanceof DOMException)) setError(cause);
        },
      );
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [jobId, busy]);

  useEffect(() => {
    if (job && (job.status === 'committed' || job.status === 'failed' || job.status === 'checked')) setRecentKey((k) => k + 1);
  }, [job?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => () => uploadAbort.current?.abort(), []);

  const restart = () => {
    setJob(null);
    setError(null);
    setUploading(null);
  };

  const upload = async (file: File) => {
    setError(null);
    setJob(null);
    setUploading({ name: file.name, percent: 0 });
    const controller = new AbortController();
    uploadAbort.current = controller;
    try {
      const { id } = await uploadResidents(
        file,
        { csrfToken: me.csrfToken ?? null, locale },
        (percent) => setUploading({ name: file.name, percent }),
        controller.signal,
      );
      setJob(await getImport(id));
    } catch (cause) {
      if (!(cause instanceof DOMException)) setError(cause);
    } finally {
      setUploading(null);
    }
  };

  const commit = async () => {
    if (!job) return;
    setCommitting(true);
    setError(null);
    try {
      setJob(await commitImport(job.id));
    } catch (cause) {
      setError(cause);
      getImport(job.id).then(setJob, () => undefined);
    } finally {
      setCommitting(false);
    }
  };

  const resume = async (summary: ImportSummary) => {
    setError(null);
    try {
      setJob(await getImport(summary.id));
    } catch (cause) {
      setError(cause);
    }
  };

  const step = stepOf(job, uploading !== null);
  const steps = [
    { title: t('web.imports.step.template') },
    { title: t('web.imports.step.upload') },
    { title: t('web.imports.step.check') },
    { title: t('web.imports.step.preview') },
    { title: t('web.imports.step.done') },
  ];

  return (
    <section aria-labelledby="imports-title">
      <div className="page-header">
        <div>
          <h1 id="imports-title">{t('web.imports.title')}</h1>
          <p className="page-subtitle">{t('web.imports.subtitle')}</p>
        </div>
      </div>
      <Card className="import-card">
        <Steps current={step} items={steps} size="small" className="import-steps" responsive data-testid="import-steps" />
        {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ margin: '16px 0' }} data-testid="import-error" /> : null}
        <div className="import-body">
          {step <= 1 ? (
            <TemplateAndUpload uploading={uploading} onFile={upload} />
          ) : step === 2 && job ? (
            <Checking job={job} />
          ) : step === 3 && job ? (
            <Preview job={job} committing={committing} onCommit={commit} onRestart={restart} />
          ) : job ? (
            <Done job={job} onRestart={restart} />
          ) : null}
        </div>
      </Card>
      <RecentImports items={recent.data?.items} loading={recent.loading} onOpen={resume} />
    </section>
  );
}

function TemplateAndUpload({ uploading, onFile }: { uploading: { name: string; percent: number } | null; onFile: (file: File) => void }) {
  const { t } = useLocale();
  return (
    <>
      <h2 className="section-title">{t('web.imports.templateTitle')}</h2>
      <p>{t('web.imports.templateIntro')}</p>
      <Button icon={<DownloadOutlined />} href={TEMPLATE_URL} download data-testid="import-template">
        {t('web.imports.downloadTemplate')}
      </Button>
      <details className="import-columns">
        <summary>{t('web.imports.columnsTitle')}</summary>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={RESIDENT_SHEET_COLUMNS.map((column) => ({ ...column }))}
          columns={[
            { title: t('web.imports.column'), key: 'header', render: (_v, c) => <strong>{c.header}</strong> },
            {
              title: t('web.imports.required'),
              key: 'required',
              render: (_v, c) => (c.required ? <Tag color="red">{t('web.imports.requiredYes')}</Tag> : null),
            },
            { title: t('web.imports.allowed'), key: 'help', render: (_v, c) => <span className="import-help">{importColumnHelp(c.key)}</span> },
          ]}
        />
      </details>
      <h2 className="section-title">{t('web.imports.uploadTitle')}</h2>
      {uploading ? (
        <div className="import-progress" role="status" aria-live="polite">
          <p>{t('web.imports.uploading', { name: uploading.name })}</p>
          <Progress percent={uploading.percent} status="active" />
        </div>
      ) : (
        <Upload.Dragger
          accept={ACCEPTED_EXTENSIONS.join(',')}
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            onFile(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('web.imports.drop')}</p>
          <p className="ant-upload-hint">{t('web.imports.dropHint')}</p>
        </Upload.Dragger>
      )}
    </>
  );
}

function Checking({ job }: { job: Import }) {
  const { t } = useLocale();
  const total = job.totalRows ?? 0;
  const percent = total > 0 ? Math.min(99, Math.floor((job.checkedRows / total) * 100)) : 0;
  return (
    <div className="import-progress" role="status" aria-live="polite" data-testid="import-checking">
      <h2 className="section-title">{t('web.imports.checkingTitle', { name: job.fileName })}</h2>
      <Progress percent={percent} status="active" aria-label={t('web.imports.checkingTitle', { name: job.fileName })} />
      <p className="page-subtitle">
        {total > 0 ? t('web.imports.checkedOf', { checked: job.checkedRows, total }) : t('web.imports.checkedRows', { checked: job.checkedRows })}
        {job.errorCount > 0 ? ` · ${t('web.imports.errorsSoFar', { count: job.errorCount })}` : ''}
      </p>
    </div>
  );
}

function Preview({ job, committing, onCommit, onRestart }: { job: Import; committing: boolean; onCommit: () => void; onRestart: () => void }) {
  const { t } = useLocale();
  if (job.status === 'failed') {
    return (
      <Result
        status="error"
        title={t('web.imports.failed')}
        subTitle={job.failure ? failureText(t, job.failure) : undefined}
        extra={
          <Button type="primary" icon={<ReloadOutlined />} onClick={onRestart} data-testid="import-restart">
            {t('web.imports.uploadAgain')}
          </Button>
        }
        data-testid="import-failed"
      />
    );
  }
  if (job.errorCount > 0) {
    const columns: TableColumnsType<ImportRowError> = [
      { title: t('web.imports.row'), key: 'row', width: 80, render: (_v, e) => <span data-testid="import-error-row">{e.row}</span> },
      { title: t('web.imports.column'), key: 'column', width: 140, render: (_v, e) => e.column ?? t('web.common.empty') },
      {
        title: t('web.imports.reason'),
        key: 'reason',
        render: (_v, e) => {
          const key = `web.imports.code.${e.code}`;
          const label = t(key);
          return (
            <span data-testid="import-error-reason">
              {label !== key ? <Tag color="red">{label}</Tag> : null}
              {e.message}
            </span>
          );
        },
      },
    ];
    return (
      <div data-testid="import-preview-errors">
        <Alert
          type="error"
          showIcon
          title={t('web.imports.hasErrors', { count: job.errorCount, total: job.totalRows ?? job.checkedRows })}
          description={t('web.imports.fixAndUpload')}
          style={{ marginBottom: 16 }}
        />
        {job.errors.length < job.errorCount ? (
          <p className="page-subtitle">{t('web.imports.firstErrors', { shown: job.errors.length, count: job.errorCount })}</p>
        ) : null}
        <Table<ImportRowError>
          rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}`}
          size="small"
          columns={columns}
          dataSource={job.errors}
          pagination={job.errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          data-testid="import-errors"
        />
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" icon={<ReloadOutlined />} onClick={onRestart} data-testid="import-restart">
            {t('web.imports.uploadAgain')}
          </Button>
        </Space>
      </div>
    );
  }
  const canCommit = job.abilities.includes('commit');
  return (
    <Result
      status="success"
      icon={<CheckCircleOutlined />}
      title={t('web.imports.ready', { count: job.totalRows ?? job.checkedRows })}
      subTitle={t('web.imports.readyHint', { name: job.fileName })}
      data-testid="import-ready"
      extra={
        <Space wrap>
          {canCommit ? (
            <Button type="primary" loading={committing} onClick={onCommit} data-testid="import-commit">
              {t('web.imports.commit')}
            </Button>
          ) : (
            <span className="page-subtitle">{t('web.imports.cannotCommit')}</span>
          )}
          <Button onClick={onRestart}>{t('web.imports.uploadOther')}</Button>
        </Space>
      }
    />
  );
}

function Done({ job, onRestart }: { job: Import; onRestart: () => void }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  if (job.status === 'committing') {
    return (
      <div className="import-progress" role="status" aria-live="polite" data-testid="import-committing">
        <h2 className="section-title">{t('web.imports.committing')}</h2>
        <Progress percent={job.totalRows ? Math.min(99, Math.floor((job.committedRows / job.totalRows) * 100)) : 0} status="active" />
      </div>
    );
  }
  return (
    <Result
      status="success"
      title={t('web.imports.committed', { count: job.committedRows })}
      subTitle={job.fileName}
      data-testid="import-done"
      extra={
        <Space wrap>
          <Button type="primary" onClick={() => navigate('/residents')} data-testid="import-to-residents">
            {t('web.imports.toResidents')}
          </Button>
          <Button onClick={onRestart}>{t('web.imports.uploadOther')}</Button>
        </Space>
      }
    />
  );
}

const STATUS_COLORS: Record<ImportSummary['status'], string> = {
  checking: 'processing',
  checked: 'blue',
  failed: 'red',
  committing: 'processing',
  committed: 'green',
};

function RecentImports({ items, loading, onOpen }: { items: ImportSummary[] | undefined; loading: boolean; onOpen: (item: ImportSummary) => void }) {
  const { t } = useLocale();
  const columns: TableColumnsType<ImportSummary> = [
    { title: t('web.imports.createdAt'), key: 'at', render: (_v, i) => formatDateTime(i.createdAt) },
    { title: t('web.imports.fileName'), key: 'file', render: (_v, i) => i.fileName },
    { title: t('web.imports.status'), key: 'status', render: (_v, i) => <Tag color={STATUS_COLORS[i.status]}>{t(`web.imports.status.${i.status}`)}</Tag> },
    {
      title: t('web.imports.rows'),
      key: 'rows',
      responsive: ['md'],
      render: (_v, i) =>
        i.status === 'committed'
          ? t('web.imports.committedRows', { count: i.committedRows })
          : t('web.imports.rowsAndErrors', { total: i.totalRows ?? i.checkedRows, errors: i.errorCount }),
    },
    {
      title: t('web.common.actions'),
      key: 'open',
      render: (_v, i) => (
        <Button type="link" size="small" onClick={() => onOpen(i)}>
          {t('web.imports.open')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small" title={t('web.imports.recent')} style={{ marginTop: 16 }}>
      <Table<ImportSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items ?? []}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.imports.noRecent')} /> }}
      />
    </Card>
  );
}
