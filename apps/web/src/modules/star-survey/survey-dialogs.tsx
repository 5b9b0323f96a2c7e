import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Modal, Select, Spin } from 'antd';
import type { StarSurveyEntry, SurveyAnswer } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { AnswerChoices } from './answer-choices.tsx';
import { enterPaper, getPublicSurvey, issueHouseholdCode, listSurveyHouseholds } from './star-survey.api.ts';

/** A household of the community (searched by address); the list never says whether it answered. */
function HouseholdPicker({ entry, value, onChange }: { entry: StarSurveyEntry; value?: string | undefined; onChange?: (id: string) => void }) {
  const { t } = useLocale();
  const [q, setQ] = useState('');
  const found = useAsync((signal) => listSurveyHouseholds(entry.cycleId, entry.communityId, q, signal), [entry.cycleId, entry.communityId, q]);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={found.loading}
      placeholder={t('web.starSurvey.householdSearch')}
      aria-label={t('web.starSurvey.household')}
      style={{ width: '100%' }}
      options={(found.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.address} · ${h.gridName}${h.headName ? ` · ${h.headName}` : ''}` }))}
      data-testid="survey-household"
    />
  );
}

/** Hands out a household code: shown once, large, to copy onto the slip. */
export function HouseholdCodeModal({ entry, onClose }: { entry: StarSurveyEntry; onClose: () => void }) {
  const { locale, t } = useLocale();
  const [householdId, setHouseholdId] = useState<string>();
  const [code, setCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const issue = async () => {
    if (!householdId) return;
    setBusy(true);
    setError(null);
    try {
      setCode((await issueHouseholdCode(entry.cycleId, entry.communityId, householdId)).code);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('web.starSurvey.handOut')}
      onCancel={onClose}
      footer={
        code ? (
          <Button onClick={onClose}>{t('web.starSurvey.close')}</Button>
        ) : (
          <Button type="primary" disabled={!householdId} loading={busy} onClick={issue} data-testid="survey-issue">
            {t('web.starSurvey.issue')}
          </Button>
        )
      }
    >
      {code ? (
        <>
          <div className="survey-household-code" data-testid="household-code">
            {code.slice(0, 4)} {code.slice(4)}
          </div>
          <Alert type="warning" showIcon title={t('web.starSurvey.codeOnce')} />
        </>
      ) : (
        <HouseholdPicker entry={entry} value={householdId} onChange={setHouseholdId} />
      )}
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={errorText(locale, error)} data-testid="survey-dialog-error" /> : null}
    </Modal>
  );
}

/** Types in a paper questionnaire for one household (marked as paper, with who entered it). */
export function PaperModal({ entry, onClose }: { entry: StarSurveyEntry; onClose: (saved: boolean) => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const token = decodeURIComponent(entry.link.split('/').pop() ?? '');
  const questions = useAsync((signal) => getPublicSurvey(token, signal), [token]);
  const [form] = Form.useForm<{ householdId: string } & Record<string, SurveyAnswer>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async (values: { householdId: string } & Record<string, SurveyAnswer>) => {
    const { householdId, ...answers } = values;
    setBusy(true);
    setError(null);
    try {
      await enterPaper(entry.cycleId, entry.communityId, householdId, answers as Record<string, SurveyAnswer>);
      message.success(t('web.starSurvey.paperSaved'));
      onClose(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={t('web.starSurvey.enterPaper')}
      onCancel={() => onClose(false)}
      okText={t('web.starSurvey.save')}
      okButtonProps={{ loading: busy, ...{ 'data-testid': 'survey-paper-save' } }}
      onOk={() => form.submit()}
    >
      {questions.loading ? <Spin /> : null}
      {questions.error ? <Alert type="error" showIcon title={errorText(locale, questions.error)} /> : null}
      {questions.data ? (
        <Form form={form} layout="vertical" onFinish={save} data-testid="survey-paper-form">
          <Form.Item name="householdId" label={t('web.starSurvey.household')} rules={[{ required: true, message: t('web.starSurvey.householdSearch') }]}>
            <HouseholdPicker entry={entry} />
          </Form.Item>
          {questions.data.questions.map((q) => (
            <Form.Item key={q.code} name={q.code} label={`${q.starName}：${q.question}`} rules={[{ required: true, message: q.starName }]}>
              <AnswerChoices label={q.question} testId={`survey-paper-${q.code}`} />
            </Form.Item>
          ))}
        </Form>
      ) : null}
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} data-testid="survey-dialog-error" /> : null}
    </Modal>
  );
}
