import type { FormRule as Rule } from 'antd';
import type { Translate } from './i18n.tsx';

/** "Please enter <field>" in the user's language, from the catalog rather than antd's own texts. */
export function requiredRule(t: Translate, fieldKey: string, kind: 'enter' | 'select' = 'enter'): Rule {
  const field = t(fieldKey);
  return {
    required: true,
    whitespace: kind === 'enter',
    message: t(kind === 'enter' ? 'web.form.required' : 'web.form.select', { field }),
  };
}
