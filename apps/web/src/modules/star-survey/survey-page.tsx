import './star-survey.css';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, Empty, Progress, Select, Space, Spin, Tag } from 'antd';
import type { StarSurvey, StarSurveyEntry } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { ForbiddenPage } from '../../app/page-states.tsx';
import { getSurvey, listSurveys, surveyQrUrl } from './star-survey.api.ts';
import { HouseholdCodeModal, PaperModal } from './survey-dialogs.tsx';

/**
 * 群众测评 for staff: pick a community's survey; readers see the link and QR code to print, the
 * participation and per-star results (never who answered); survey workers hand out household
 * codes and enter paper responses.
 */
export function SurveyPage() {
  const { state } = useAuth();
  const permissions = state.status === 'signed-in' ? state.me.permissions : [];
  if (!permissions.includes('star:survey') && !permissions.includes('star:read')) return <ForbiddenPage />;
  return <SurveyPicker />;
}

function SurveyPicker() {
  const { locale, t } = useLocale();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const list = useAsync((signal) => listSurveys(year, signal), [year]);
  const items = list.data?.items ?? [];
  const entry = items.find((e) => e.communityId === params.get('community')) ?? items[0];
  const pick = (next: Record<string, string>) => setParams((p) => ({ ...Object.fromEntries(p), ...next }), { replace: true });

  return (
    <section aria-labelledby="survey-title">
      <div className="page-header no-print">
        <h1 id="survey-title">{t('web.starSurvey.title')}</h1>
        <Space wrap>
          <Select
            aria-label={t('web.starSurvey.year')}
            style={{ width: 110 }}
            value={entry?.year ?? year}
            options={(list.data?.years ?? []).map((y) => ({ value: y, label: String(y) }))}
            onChange={(y: number) => setParams({ year: String(y) }, { replace: true })}
            data-testid="survey-year"
          />
          <Select
            aria-label={t('web.starSurvey.community')}
            style={{ width: 220 }}
            showSearch
            optionFilterProp="label"
            value={entry?.communityId}
            options={items.map((e) => ({ value: e.communityId, label: `${e.communityName}（${e.townshipName}）` }))}
            onChange={(id: string) => pick({ community: id })}
            data-testid="survey-community"
          />
        </Space>
      </div>
      {list.error ? <Alert type="error" showIcon title={errorText(locale, list.error)} /> : null}
      {list.loading ? <Spin /> : null}
      {!list.loading && !entry ? <Empty description={t('web.starSurvey.none')} /> : null}
      {entry ? <EntryView key={`${entry.cycleId}:${entry.communityId}`} entry={entry} /> : null}
    </section>
  );
}

function EntryView({ entry }: { entry: StarSurveyEntry }) {
  const { locale, t } = useLocale();
  const canRead = entry.abilities.includes('read-results');
  const survey = useAsync(
    (signal) => (canRead ? getSurvey(entry.cycleId, entry.communityId, signal) : Promise.resolve(null)),
    [entry.cycleId, entry.communityId, canRead],
  );
  const [dialog, setDialog] = useState<'code' | 'paper' | null>(null);
  const dates = { from: entry.opensOn ?? '', to: entry.closesOn ?? '' };
  return (
    <>
      <Space className="no-print" wrap style={{ marginBottom: 12 }}>
        <Tag color={entry.open ? 'green' : 'default'} data-testid="survey-open">
          {t(entry.open ? 'web.starSurvey.open' : 'web.starSurvey.closed')}
        </Tag>
        <span>{t('web.starSurvey.dates', dates)}</span>
        {entry.abilities.includes('hand-out-code') ? (
          <Button onClick={() => setDialog('code')} data-testid="survey-hand-out">
            {t('web.starSurvey.handOut')}
          </Button>
        ) : null}
        {entry.abilities.includes('enter-paper') ? (
          <Button onClick={() => setDialog('paper')} data-testid="survey-enter-paper">
            {t('web.starSurvey.enterPaper')}
          </Button>
        ) : null}
      </Space>
      {survey.error ? <Alert type="error" showIcon title={errorText(locale, survey.error)} /> : null}
      {survey.data ? <Results entry={entry} survey={survey.data} /> : null}
      {dialog === 'code' ? <HouseholdCodeModal entry={entry} onClose={() => setDialog(null)} /> : null}
      {dialog === 'paper' ? (
        <PaperModal
          entry={entry}
          onClose={(saved) => {
            setDialog(null);
            if (saved) survey.reload();
          }}
        />
      ) : null}
    </>
  );
}

function Results({ entry, survey }: { entry: StarSurveyEntry; survey: StarSurvey }) {
  const { t } = useLocale();
  const { message } = AntApp.useApp();
  const url = `${window.location.origin}${survey.link}`;
  const poster = { community: survey.communityName, year: survey.year };
  return (
    <div className="survey-grid">
      <Card size="small" title={t('web.starSurvey.link')} className="survey-poster-card">
        <div className="survey-poster" data-testid="survey-poster">
          <h2 className="print-only">{t('web.starSurvey.poster', poster)}</h2>
          <img className="survey-qr" src={surveyQrUrl(entry.cycleId, entry.communityId)} alt={url} data-testid="survey-qr" />
          <div className="survey-link" data-testid="survey-link">
            {url}
          </div>
          <p className="print-only">{t('web.starSurvey.posterNote')}</p>
        </div>
        <Space className="no-print" style={{ marginTop: 8 }}>
          <Button onClick={() => navigator.clipboard?.writeText(url).then(() => message.success(t('web.starSurvey.copied')))} data-testid="survey-copy">
            {t('web.starSurvey.copy')}
          </Button>
          <Button type="primary" onClick={() => window.print()} data-testid="survey-print">
            {t('web.starSurvey.print')}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={t('web.starSurvey.participation')} className="no-print">
        <Progress type="circle" percent={survey.participationRate} data-testid="survey-participation" />
        <p>{t('web.starSurvey.responsesOf', { responses: survey.responses, households: survey.households })}</p>
        <Space wrap>
          {(['sms', 'household-code', 'paper'] as const).map((c) => (
            <Tag key={c} data-testid={`survey-channel-${c}`}>
              {t(`web.starSurvey.channel.${c}`)} {survey.byChannel[c]}
            </Tag>
          ))}
        </Space>
        <p className="field-hint" style={{ marginTop: 8 }}>
          {t('web.starSurvey.privacy')}
        </p>
      </Card>
      <Card size="small" title={t('web.starSurvey.results')} className="no-print survey-results">
        {survey.stars.map((s) => {
          const pct = (n: number) => (s.responses ? `${(n * 100) / s.responses}%` : '0');
          return (
            <div key={s.code} className="survey-star" data-testid={`survey-star-${s.code}`}>
              <div className="survey-star-head">
                <strong>{s.name}</strong>
                <span data-testid={`survey-score-${s.code}`}>
                  {s.score === null ? t('web.starSurvey.noAnswers') : `${t('web.starSurvey.score')} ${s.score}`}
                </span>
              </div>
              <div className="survey-bar" role="img" aria-label={t('web.starSurvey.counts', { s: s.satisfied, b: s.basicallySatisfied, d: s.dissatisfied })}>
                <span className="survey-bar-satisfied" style={{ width: pct(s.satisfied) }} />
                <span className="survey-bar-basic" style={{ width: pct(s.basicallySatisfied) }} />
                <span className="survey-bar-dissatisfied" style={{ width: pct(s.dissatisfied) }} />
              </div>
              <div className="field-hint">{t('web.starSurvey.counts', { s: s.satisfied, b: s.basicallySatisfied, d: s.dissatisfied })}</div>
            </div>
          );
        })}
      </Card>
    </div>
  );
}
