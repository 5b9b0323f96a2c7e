import { randomBytesPooled } from './random.ts';

/** A UUID version 7: time-ordered, so new rows land at the end of indexes. */
export function newId(now: number = Date.now()): string {
  const bytes = randomBytesPooled(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An unguessable token for sessions, CSRF and API tokens. */
export function newToken(bytes = 32): string {
  return randomBytesPooled(bytes).toString('base64url');
}
