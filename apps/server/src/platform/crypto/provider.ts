/**
 * The one door to cryptography, so a deployment can choose the national SM algorithms or a
 * certified module without code changes. Ciphertexts and MACs carry their algorithm's tag, so
 * data written under one suite is still read after switching.
 */
export interface CryptoProvider {
  readonly suite: 'aes' | 'sm';
  /** Authenticated encryption of a field; `context` (e.g. "resident.idNumber") is bound to it. */
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
  /** A keyed, deterministic index for exact search on an encrypted field (domain-separated). */
  blindIndex(value: string, domain: string): string;
  /** A keyed MAC (tamper evidence of the audit chain). */
  mac(data: string): string;
  verifyMac(data: string, tagged: string): boolean;
  /** An unkeyed digest (token hashes, checksums). */
  hash(data: string): string;
}
