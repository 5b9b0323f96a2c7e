import { DEFAULT_PASSWORD_POLICY } from '@lingyan/shared';
import { useT } from '../../app/i18n.tsx';

/**
 * The policy in words. The server holds the policy in force and says so in its error when a
 * password falls short; this hint shows the default so people know what to aim for.
 */
export function usePasswordPolicyHint(): string {
  const t = useT();
  return t('web.password.policy', {
    minLength: DEFAULT_PASSWORD_POLICY.minLength,
    minClasses: DEFAULT_PASSWORD_POLICY.minClasses,
  });
}
