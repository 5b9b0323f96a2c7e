/** The password policy as data (a setting the security administrator edits) and its pure check. */
export type PasswordPolicy = { minLength: number; minClasses: number; forbidUsername: boolean };
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3, forbidUsername: true };

export function characterClasses(password: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  return classes.filter((re) => re.test(password)).length;
}

/** Returns the list of failed checks (empty when the password is acceptable). */
export function checkPassword(password: string, username: string, policy: PasswordPolicy): string[] {
  const failed: string[] = [];
  if ([...password].length < policy.minLength) failed.push('minLength');
  if (characterClasses(password) < policy.minClasses) failed.push('minClasses');
  if (policy.forbidUsername && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) failed.push('containsUsername');
  return failed;
}
