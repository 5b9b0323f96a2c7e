import { useState } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Alert, Button, Descriptions, Drawer, Empty, Grid, Popconfirm, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { formatDateTime } from '../../app/format.ts';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { MaskedField } from './reveal.tsx';
import { codeLabel, fieldLabel, historyActionLabel, relationLabel } from './registry-labels.ts';
import { getResident, residentHistory, updateResident } from './residents.api.ts';
import { ResidentFormModal } from './resident-form-modal.tsx';
import { ResidentStatusTag, ResidentTags } from './resident-bits.tsx';
import type { HistoryEntry, Resident, ResidentStatus } from './registry-types.ts';

/** One resident: every field (personal numbers masked, revealed one at a time), the history, and what may be done. */
export function ResidentDrawer({
  residentId,
  root,
  onClose,
  onChanged,
}: {
  residentId: string | null;
  root: OrgRef;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { locale, t } = useLocale();
  const screens = Grid.useBreakpoint();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<ResidentStatus | null>(null);
  const resident = useAsync((signal) => (residentId ? getResident(residentId, signal) : Promise.resolve(null)), [residentId]);
  const history = useAsync((signal) => (residentId ? residentHistory(residentId, signal) : Promise.resolve(null)), [residentId]);
  const r = resident.data && resident.data.id === residentId ? resident.data : null;

  const setStatus = async (status: ResidentStatus) => {
    if (!r) return;
    setBusy(status);
    try {
      await updateResident(r.id, { status });
      message.success(t(status === 'moved-out' ? 'web.residents.movedOut' : 'web.residents.markedDeceased', { name: r.name }));
      resident.reload();
      history.reload();
      onChanged();
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setBusy(null);
    }
  };

  const actions = r ? (
    <Space wrap size={4}>
      {r.abilities.includes('update') ? (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="resident-edit">
          {t('web.common.edit')}
        </Button>
      ) : null}
      {r.abilities.includes('move-out') ? (
        <>
          <Popconfirm
            title={t('web.residents.moveOutConfirm', { name: r.name })}
            onConfirm={() => setStatus('moved-out')}
            okText={t('web.common.ok')}
            cancelText={t('web.common.cancel')}
          >
            <Button loading={busy === 'moved-out'} data-testid="resident-move-out">
              {t('web.residents.moveOut')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('web.residents.deceasedConfirm', { name: r.name })}
            onConfirm={() => setStatus('deceased')}
            okText={t('web.common.ok')}
            cancelText={t('web.common.cancel')}
          >
            <Button danger loading={busy === 'deceased'} data-testid="resident-deceased">
              {t('web.residents.markDeceased')}
            </Button>
          </Popconfirm>
        </>
      ) : null}
    </Space>
  ) : null;

  return (
    <Drawer
      open={residentId !== null}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={
        r ? (
          <Space size={8} wrap>
            <span data-testid="resident-drawer-name">{r.name}</span>
            <ResidentStatusTag status={r.status} />
          </Space>
        ) : (
          t('web.residents.detail')
        )
      }
      closable={{ 'aria-label': t('web.common.close') }}
      data-testid="resident-drawer"
    >
      {resident.error ? (
        <Alert type="error" showIcon title={errorText(locale, resident.error)} action={<Button onClick={resident.reload}>{t('web.common.retry')}</Button>} />
      ) : !r ? (
        <Skeleton active />
      ) : (
        <>
          <div className="resident-drawer-actions">{actions}</div>
          <ResidentFields resident={r} />
          <h2 className="section-title">{t('web.residents.history')}</h2>
          <HistoryTimeline entries={history.data?.items} loading={history.loading} />
          <ResidentFormModal
            open={editing}
            resident={r}
            root={root}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              message.success(t('web.residents.saved'));
              resident.reload();
              history.reload();
              onChanged();
            }}
          />
        </>
      )}
    </Drawer>
  );
}

function ResidentFields({ resident: r }: { resident: Resident }) {
  const { t } = useLocale();
  const canReveal = r.abilities.includes('reveal');
  const empty = t('web.common.empty');
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2 }}
      data-testid="resident-fields"
      items={[
        { key: 'gender', label: t('web.residents.gender'), children: codeLabel(t, 'gender', r.gender) },
        {
          key: 'birth',
          label: t('web.residents.birthDate'),
          children: r.birthDate ? t('web.residents.birthAndAge', { date: r.birthDate, age: r.age ?? '' }) : empty,
        },
        {
          key: 'idNumber',
          label: t('web.residents.field.idNumber'),
          span: 'filled',
          children: <MaskedField residentId={r.id} field="idNumber" masked={r.idNumberMasked} canReveal={canReveal} />,
        },
        {
          key: 'phone',
          label: t('web.residents.field.phone'),
          span: 'filled',
          children: <MaskedField residentId={r.id} field="phone" masked={r.phoneMasked} canReveal={canReveal} />,
        },
        {
          key: 'ethnicity',
          label: t('web.residents.field.ethnicity'),
          children: <MaskedField residentId={r.id} field="ethnicity" masked={r.ethnicityMasked} canReveal={canReveal} />,
        },
        {
          key: 'religion',
          label: t('web.residents.field.religion'),
          children: <MaskedField residentId={r.id} field="religion" masked={null} canReveal={canReveal} />,
        },
        { key: 'political', label: t('web.residents.politicalStatus'), children: codeLabel(t, 'political', r.politicalStatus) },
        { key: 'education', label: t('web.residents.education'), children: codeLabel(t, 'education', r.education) },
        { key: 'occupation', label: t('web.residents.occupation'), children: r.occupation ?? empty },
        { key: 'employer', label: t('web.residents.employer'), children: r.employer ?? empty },
        { key: 'registration', label: t('web.residents.registrationType'), children: codeLabel(t, 'registration', r.registrationType) },
        ...(r.registrationType === 'non-local' || r.residencePermitNo
          ? [
              {
                key: 'permit',
                label: t('web.residents.residencePermit'),
                children: r.residencePermitNo
                  ? t('web.residents.permitUntil', { no: r.residencePermitNo, date: r.residencePermitExpires ?? empty })
                  : t('web.residents.noPermit'),
              },
            ]
          : []),
        { key: 'grid', label: t('web.residents.grid'), children: r.gridName },
        {
          key: 'address',
          label: t('web.residents.address'),
          span: 'filled',
          children: r.homeId ? (
            <Link to={`/homes?home=${encodeURIComponent(r.homeId)}`} data-testid="resident-home-link">
              <HomeOutlined /> {r.address ?? empty}
            </Link>
          ) : (
            empty
          ),
        },
        { key: 'relation', label: t('web.residents.relation'), children: relationLabel(t, r.relation) },
        {
          key: 'household',
          label: t('web.residents.household'),
          children: r.householdId ? (
            <Link to={`/households/${encodeURIComponent(r.householdId)}`} data-testid="resident-household-link">
              <TeamOutlined /> {t('web.residents.openHousehold')}
            </Link>
          ) : (
            t('web.residents.noHousehold')
          ),
        },
        { key: 'movedIn', label: t('web.residents.movedInAt'), children: r.movedInAt ?? empty },
        { key: 'updated', label: t('web.residents.updatedAt'), children: formatDateTime(r.updatedAt) },
        { key: 'tags', label: t('web.residents.tags'), span: 'filled', children: r.tags.length ? <ResidentTags codes={r.tags} /> : empty },
      ]}
    />
  );
}

/** The record's history, newest first: who changed which fields when (never the values). */
export function HistoryTimeline({ entries, loading, showNote }: { entries: HistoryEntry[] | undefined; loading: boolean; showNote?: boolean }) {
  const { t } = useLocale();
  if (loading && !entries) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (!entries || entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.residents.noHistory')} />;
  return (
    <Timeline
      data-testid="history-timeline"
      items={entries.map((entry, index) => ({
        key: `${entry.at}-${index}`,
        content: (
          <div>
            <Typography.Text strong>{historyActionLabel(t, entry.action)}</Typography.Text>
            <span className="history-time">{formatDateTime(entry.at)}</span>
            {showNote && entry.note ? <Tag style={{ marginInlineStart: 8 }}>{entry.note}</Tag> : null}
            <div className="page-subtitle">
              {entry.actorName ?? t('web.residents.systemActor')}
              {entry.fields.length ? ` · ${entry.fields.map((field) => fieldLabel(t, field)).join(t('web.common.listSeparator'))}` : ''}
            </div>
            {!showNote && entry.note ? <div className="page-subtitle">{entry.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
