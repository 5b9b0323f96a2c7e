import { Button } from 'antd';
import { SURVEY_ANSWERS, type SurveyAnswer } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';

/** The three answers as big buttons (a radio group for assistive technology); works as a form control. */
export function AnswerChoices({
  value,
  onChange,
  label,
  testId,
}: {
  value?: SurveyAnswer;
  onChange?: (a: SurveyAnswer) => void;
  label: string;
  testId: string;
}) {
  const { t } = useLocale();
  return (
    <div className="survey-choices" role="radiogroup" aria-label={label}>
      {SURVEY_ANSWERS.map((a) => (
        <Button
          key={a}
          size="large"
          autoInsertSpace={false}
          role="radio"
          aria-checked={value === a}
          type={value === a ? 'primary' : 'default'}
          danger={value === a && a === 'dissatisfied'}
          onClick={() => onChange?.(a)}
          data-testid={`${testId}-${a}`}
        >
          {t(`web.starSurvey.answer.${a}`)}
        </Button>
      ))}
    </div>
  );
}
