import { hash, verify } from '@node-rs/argon2';
import { checkPassword, type PasswordPolicy } from '@lingyan/shared';
import { AppError } from '../errors.ts';

// argon2id with OWASP's baseline cost (19 MiB, 2 passes).
// (2 is Algorithm.Argon2id; the package's const enum cannot be imported under isolated modules.)
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('lingyan-dummy-password');
  await verifyPassword(await dummyHash, password);
}

export function assertPasswordPolicy(password: string, username: string, policy: PasswordPolicy): void {
  const failed = checkPassword(password, username, policy);
  if (failed.length > 0) {
    throw new AppError(
      'PASSWORD_POLICY_VIOLATION',
      { minLength: policy.minLength, minClasses: policy.minClasses },
      { failed, minLength: policy.minLength, minClasses: policy.minClasses },
    );
  }
}
