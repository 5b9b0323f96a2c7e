import './star-survey.css';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Input, Result, Segmented, Spin } from 'antd';
import { normalizeHouseholdCode, normalizePhone, HOUSEHOLD_CODE_LENGTH, type SurveyAnswer, type SurveyVerification } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { AnswerChoices } from './answer-choices.tsx';
import { getPublicSurvey, requestSurveyCode, submitSurvey } from './star-survey.api.ts';

const RESEND_SECONDS = 60;

/** 群众测评: verify by SMS code or household code, one card per star with three big choices, send once. */
export function PublicSurveyPage() {
  const { token = '' } = useParams();
  const { locale, t } = useLocale();
  const survey = useAsync((signal) => getPublicSurvey(token, signal), [token]);
  const [kind, setKind] = useState<SurveyVerification['kind']>('sms');
  const [phone, setPhone] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [householdCode, setHouseholdCode] = useState('');
  const [answers, setAnswers] = useState<Record<string, SurveyAnswer>>({});
  const [cooldown, setCooldown] = useState(0);
  const [codeNote, setCodeNote] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (cooldown <= 0) return;
    const timer = setTimeout(() => setCooldown((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  if (survey.loading) return <Spin />;
  if (survey.error || !survey.data) return <Alert type="error" showIcon title={errorText(locale, survey.error)} data-testid="survey-error" />;
  const s = survey.data;
  const title = <h1 id="survey-title">{t('web.starSurvey.public.title', { year: s.year, community: s.communityName })}</h1>;
  if (done) {
    return (
      <section aria-labelledby="survey-title">
        {title}
        <Result status="success" title={t('web.starSurvey.public.thanks')} subTitle={t('web.starSurvey.public.thanksSub')} data-testid="survey-thanks" />
      </section>
    );
  }
  const dates = { from: s.opensOn ?? '', to: s.closesOn ?? '' };
  if (!s.open) {
    return (
      <section aria-labelledby="survey-title">
        {title}
        <Alert type="warning" showIcon title={t('web.starSurvey.public.notOpen', dates)} data-testid="survey-closed" />
      </section>
    );
  }

  const phoneOk = normalizePhone(phone) !== null;
  const verification: SurveyVerification | null =
    kind === 'sms'
      ? phoneOk && /^\d{6}$/.test(smsCode.trim())
        ? { kind, phone, code: smsCode.trim() }
        : null
      : normalizeHouseholdCode(householdCode).length === HOUSEHOLD_CODE_LENGTH
        ? { kind, code: householdCode }
        : null;
  const unanswered = s.questions.filter((q) => !answers[q.code]).length;

  const sendCode = async () => {
    setError(null);
    try {
      await requestSurveyCode(token, phone);
      setCooldown(RESEND_SECONDS);
      setCodeNote(true);
    } catch (e) {
      setError(e);
    }
  };
  const send = async () => {
    if (!verification || unanswered > 0) return;
    setBusy(true);
    setError(null);
    try {
      await submitSurvey(token, verification, answers);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="survey-title" className="survey-public">
      {title}
      <p className="field-hint">{t('web.starSurvey.public.intro')}</p>
      <p data-testid="survey-dates">{t('web.starSurvey.public.until', dates)}</p>

      <Card size="small" title={t('web.starSurvey.public.verify')} className="survey-card">
        <Segmented
          block
          value={kind}
          onChange={(v) => setKind(v as SurveyVerification['kind'])}
          options={[
            { value: 'sms', label: t('web.starSurvey.public.bySms') },
            { value: 'household-code', label: t('web.starSurvey.public.byHouseholdCode') },
          ]}
          data-testid="survey-verify-kind"
        />
        {kind === 'sms' ? (
          <div className="survey-fields">
            <label htmlFor="survey-phone">{t('web.starSurvey.public.phone')}</label>
            <Input
              id="survey-phone"
              size="large"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              status={phone && !phoneOk ? 'error' : undefined}
              data-testid="survey-phone"
            />
            {phone && !phoneOk ? <div className="field-error">{t('web.starSurvey.public.phoneInvalid')}</div> : null}
            <Button size="large" block disabled={!phoneOk || cooldown > 0} onClick={sendCode} data-testid="survey-send-code">
              {cooldown > 0 ? t('web.starSurvey.public.resendIn', { n: cooldown }) : t('web.starSurvey.public.sendCode')}
            </Button>
            {codeNote ? <Alert type="info" showIcon title={t('web.starSurvey.public.codeSent')} data-testid="survey-code-sent" /> : null}
            <label htmlFor="survey-sms-code">{t('web.starSurvey.public.smsCode')}</label>
            <Input
              id="survey-sms-code"
              size="large"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={smsCode}
              onChange={(e) => setSmsCode(e.target.value)}
              data-testid="survey-sms-code"
            />
          </div>
        ) : (
          <div className="survey-fields">
            <label htmlFor="survey-household-code">{t('web.starSurvey.public.householdCode')}</label>
            <Input
              id="survey-household-code"
              size="large"
              autoCapitalize="characters"
              autoComplete="off"
              maxLength={12}
              value={householdCode}
              onChange={(e) => setHouseholdCode(e.target.value)}
              className="survey-code-input"
              data-testid="survey-household-code"
            />
          </div>
        )}
      </Card>

      <h2 className="survey-step">{t('web.starSurvey.public.questions')}</h2>
      {s.questions.map((q, i) => (
        <Card key={q.code} size="small" className="survey-card" title={`${i + 1}. ${q.starName}`} data-testid={`survey-question-${q.code}`}>
          <p className="survey-question">{q.question}</p>
          <AnswerChoices
            label={q.question}
            value={answers[q.code]}
            onChange={(a) => setAnswers((prev) => ({ ...prev, [q.code]: a }))}
            testId={`survey-answer-${q.code}`}
          />
        </Card>
      ))}

      {error ? <Alert type="error" showIcon title={errorText(locale, error)} className="survey-card" data-testid="survey-error" /> : null}
      {unanswered > 0 ? <p className="field-hint">{t('web.starSurvey.public.unanswered', { n: unanswered })}</p> : null}
      <Button type="primary" size="large" block disabled={!verification || unanswered > 0} loading={busy} onClick={send} data-testid="survey-submit">
        {t('web.starSurvey.public.submit')}
      </Button>
    </section>
  );
}
