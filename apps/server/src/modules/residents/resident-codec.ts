import { checkIdNumber, maskIdNumber, maskPhone, normalizePhone, pinyinKeys, type IdNumberProblem } from '@lingyan/shared';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';
import { AppError } from '../../platform/errors.ts';
import type { ResidentsTable } from '../../platform/db/schema.ts';

/** Encryption contexts: a ciphertext moved to another column does not decrypt. */
export const FIELD_CONTEXT = {
  idNumber: 'resident.idNumber',
  phone: 'resident.phone',
  ethnicity: 'resident.ethnicity',
  religion: 'resident.religion',
} as const;

export type PersonalInput = {
  name: string;
  idNumber?: string | null | undefined;
  gender?: string | null | undefined;
  birthDate?: string | null | undefined;
  phone?: string | null | undefined;
  ethnicity?: string | null | undefined;
  religion?: string | null | undefined;
};

export type PersonalColumns = Pick<
  ResidentsTable,
  | 'name'
  | 'name_pinyin'
  | 'name_initials'
  | 'gender'
  | 'birth_date'
  | 'id_number_enc'
  | 'id_number_idx'
  | 'id_number_masked'
  | 'id_last4'
  | 'phone_enc'
  | 'phone_idx'
  | 'phone_masked'
  | 'ethnicity_enc'
  | 'religion_enc'
>;

/** Why a value was refused, for the API (422) and the import's row report alike. */
export type FieldProblem = { field: 'idNumber' | 'phone'; code: 'ID_NUMBER_INVALID' | 'PHONE_INVALID'; problem?: IdNumberProblem; expected?: string };

export function idNumberIndex(crypto: CryptoProvider, normalized: string): string {
  return crypto.blindIndex(normalized, 'resident.idNumber');
}
export function phoneIndex(crypto: CryptoProvider, normalized: string): string {
  return crypto.blindIndex(normalized, 'resident.phone');
}

/**
 * Turns a person's fields into stored columns: ID number and phone encrypted with a blind index,
 * a masked copy and the last four for display and search; ethnicity and religion encrypted; name
 * pinyin keys; birth date and gender taken from the ID number where there is one.
 */
export function encodePersonal(crypto: CryptoProvider, input: PersonalInput, today: Date): { columns: PersonalColumns } | { problem: FieldProblem } {
  let gender = input.gender ?? null;
  let birthDate = input.birthDate ?? null;
  let id: string | null = null;
  if (input.idNumber) {
    const checked = checkIdNumber(input.idNumber, today);
    if (!checked.ok)
      return {
        problem: { field: 'idNumber', code: 'ID_NUMBER_INVALID', problem: checked.problem, ...(checked.expected ? { expected: checked.expected } : {}) },
      };
    id = checked.normalized;
    gender = checked.gender;
    birthDate = checked.birthDate;
  }
  let phone: string | null = null;
  if (input.phone) {
    phone = normalizePhone(input.phone);
    if (!phone) return { problem: { field: 'phone', code: 'PHONE_INVALID' } };
  }
  const keys = pinyinKeys(input.name);
  return {
    columns: {
      name: input.name.trim(),
      name_pinyin: keys.full,
      name_initials: keys.initials,
      gender,
      birth_date: birthDate,
      id_number_enc: id ? crypto.encrypt(id, FIELD_CONTEXT.idNumber) : null,
      id_number_idx: id ? idNumberIndex(crypto, id) : null,
      id_number_masked: id ? maskIdNumber(id) : null,
      id_last4: id ? id.slice(-4) : null,
      phone_enc: phone ? crypto.encrypt(phone, FIELD_CONTEXT.phone) : null,
      phone_idx: phone ? phoneIndex(crypto, phone) : null,
      phone_masked: phone ? maskPhone(phone) : null,
      ethnicity_enc: input.ethnicity ? crypto.encrypt(input.ethnicity, FIELD_CONTEXT.ethnicity) : null,
      religion_enc: input.religion ? crypto.encrypt(input.religion, FIELD_CONTEXT.religion) : null,
    },
  };
}

/** The same as encodePersonal, throwing the coded 422 the API answers with. */
export function encodePersonalOrThrow(crypto: CryptoProvider, input: PersonalInput, today: Date): PersonalColumns {
  const result = encodePersonal(crypto, input, today);
  if ('problem' in result) {
    const p = result.problem;
    if (p.code === 'ID_NUMBER_INVALID') {
      // The problem is a catalog key: the error handler translates it in the caller's language.
      throw new AppError(
        'ID_NUMBER_INVALID',
        { problem: `idProblem.${p.problem}`, expected: p.expected ?? '' },
        { field: 'idNumber', problem: p.problem, expected: p.expected },
      );
    }
    throw new AppError('PHONE_INVALID', {}, { field: 'phone' });
  }
  return result.columns;
}
