import type { Readable } from 'node:stream';

/**
 * Helpers for reading spreadsheet XML as text, chunk by chunk. The .xlsx reader scans elements
 * with indexOf rather than a general XML parser: spreadsheet parts have no DTDs, and the few
 * elements that matter (row, c, v, is/t, si) can be cut out directly, which is several times
 * faster than visiting every tag.
 */
export class XmlLimitError extends Error {}

/**
 * The stream as decoded text chunks; more than `maxChars` in all is refused (a zip bomb stops
 * here). `onBytes` hears how many bytes have been read.
 */
export async function* textChunks(stream: Readable, maxChars: number, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes);
      const str = decoder.decode(chunk as Buffer, { stream: true });
      total += str.length;
      if (total > maxChars) throw new XmlLimitError('part too large');
      yield str;
    }
  } finally {
    stream.destroy();
  }
}

/** A whole (small) part as text. */
export async function readText(stream: Readable, maxChars: number): Promise<string> {
  let text = '';
  for await (const chunk of textChunks(stream, maxChars)) text += chunk;
  return text;
}

/** The value of attribute `name` in a tag's text (`r="A1"` or `r='A1'`), or null. */
export function attr(tag: string, name: string): string | null {
  let from = 0;
  for (;;) {
    const at = tag.indexOf(name, from);
    if (at < 0) return null;
    const before = tag.charCodeAt(at - 1);
    const eq = at + name.length;
    if ((at === 0 || before === 32 || before === 9 || before === 10 || before === 13) && tag.charCodeAt(eq) === 61 /* = */) {
      const quote = tag[eq + 1];
      if (quote === '"' || quote === "'") {
        const end = tag.indexOf(quote, eq + 2);
        if (end > 0) return tag.slice(eq + 2, end);
      }
    }
    from = at + name.length;
  }
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** XML entities, then Excel's own `_x000D_` escapes of control characters. */
export function decodeText(raw: string): string {
  let s = raw;
  if (s.includes('&'))
    s = s.replace(ENTITY, (_, e: string) => {
      if (e[0] !== '#') return NAMED[e]!;
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
  if (s.includes('_x')) s = s.replace(EXCEL_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return s;
}

const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const TEXT_RUN = /<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/**
 * The text of a string item (a shared string <si> or an inline <is>): its <t> runs joined,
 * without the phonetic guide (<rPh>) that CJK Excel adds.
 */
export function stringItemText(content: string): string {
  // Fast path: <t>plain</t> or <t xml:space="preserve">plain</t>.
  if (content.charCodeAt(0) === 60 && content.charCodeAt(1) === 116) {
    const gt = content.indexOf('>');
    const end = content.indexOf('<', gt);
    if (gt > 0 && end > 0 && content.startsWith('</t>', end) && end + 4 === content.length) return decodeText(content.slice(gt + 1, end));
  }
  let s = content;
  if (s.includes('rPh')) s = s.replace(PHONETIC, '');
  let out = '';
  for (const m of s.matchAll(TEXT_RUN)) out += m[1] ?? '';
  if (out.includes('<![CDATA[')) return out.replace(CDATA, (_, t: string) => t);
  return decodeText(out);
}
