/** The kinds of file the platform accepts as attachments: photos and PDF documents. */
export const ACCEPTED_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AcceptedFileType = (typeof ACCEPTED_FILE_TYPES)[number];

/** How many leading bytes sniffFileType needs to decide. */
export const SNIFF_BYTES = 16;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The type of a file judged by its first bytes (its "magic number"), never by its name or the
 * type the browser claims: a script renamed photo.jpg is not a JPEG. Null when not accepted.
 */
export function sniffFileType(head: Uint8Array): AcceptedFileType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

export const isImageType = (contentType: string) => contentType.startsWith('image/');
