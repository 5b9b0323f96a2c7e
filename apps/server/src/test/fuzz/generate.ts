import type { Operation, Param } from './openapi.ts';
import type { Rng } from './prng.ts';
import type { IdPool } from './ids.ts';
import { exampleOf, setAt, typesOf, type Node } from './schema-values.ts';
import { BAD_DATES, BAD_IDS, HUGE_LENGTH, NASTY_NUMBERS, NASTY_QUERY_VALUES, NASTY_STRINGS, RAW_BODIES, WRONG_TYPES } from './values.ts';

export type FuzzRequest = {
  method: string;
  url: string;
  /** A raw body string sent as is (with `contentType`), or a JSON value. */
  payload?: string;
  contentType?: string;
  /** What was broken, in words, for the failure message. */
  mutation: string;
};

/** Percent-encodes a URL part, lone surrogates included (as the invalid UTF-8 bytes a client might send). */
export function encodePart(s: string): string {
  let out = '';
  for (const ch of s.match(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g) ?? []) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff)
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 40)}…(${s.length} chars)` : s;
};

/** A value that breaks a node: a hostile value of its kind, or one of another kind entirely. */
function breakValue(node: Node, rng: Rng, ids: IdPool): { value: unknown; how: string } {
  const types = typesOf(node.schema);
  const isDate = node.schema.format === 'date-time' || /\\d\{4\}-/.test(node.schema.pattern ?? '') || /date|At$|On$|from|to$/i.test(node.name);
  const roll = rng.next();
  if (types.includes('string') && isDate && roll < 0.4) return { value: rng.pick(BAD_DATES), how: 'bad date' };
  if (types.includes('string') && /id$/i.test(node.name) && roll < 0.5) {
    const real = rng.chance(0.5) ? ids.real(rng, {}) : null;
    return real ? { value: real, how: 'id of another kind of record' } : { value: rng.pick(BAD_IDS), how: 'bad id' };
  }
  if (types.includes('string') && roll < 0.75) return { value: rng.pick(NASTY_STRINGS), how: 'hostile string' };
  if ((types.includes('integer') || types.includes('number')) && roll < 0.75) return { value: rng.pick(NASTY_NUMBERS), how: 'edge number' };
  if (types.includes('array') && roll < 0.6) {
    const item = rng.chance(0.5) ? 'x' : rng.pick(NASTY_STRINGS.slice(0, 20));
    return { value: Array.from({ length: rng.pick([1000, 10_000, 50_000]) }, () => item), how: 'huge array' };
  }
  return { value: rng.pick(WRONG_TYPES), how: 'wrong type' };
}

function pathValue(param: Param, segment: string, rng: Rng, ids: IdPool): { value: string; how: string | null } {
  if (param.schema.enum?.length && rng.chance(0.7)) return { value: String(rng.pick(param.schema.enum)), how: null };
  if (param.schema.type === 'integer')
    return rng.chance(0.5)
      ? { value: '2026', how: null }
      : { value: String(rng.pick([...NASTY_QUERY_VALUES, '-1', '99999999999999999999'])), how: 'bad number' };
  if (param.name === 'date') return rng.chance(0.3) ? { value: '2026-12-01', how: null } : { value: rng.pick(BAD_DATES), how: 'bad date' };
  const real = rng.chance(0.6) ? ids.real(rng, { segment, field: param.name }) : null;
  if (real) return { value: real, how: null };
  return rng.chance(0.7) ? { value: rng.pick(BAD_IDS), how: 'bad id' } : { value: rng.pick(NASTY_STRINGS), how: 'hostile string' };
}

function queryValue(param: Param, rng: Rng, ids: IdPool): string {
  const v = exampleOf(param.schema, rng, ids, param.name);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** One malformed request for the operation: real-looking everywhere except where it is broken. */
export function generateRequest(op: Operation, rng: Rng, ids: IdPool): FuzzRequest {
  const broken: string[] = [];
  let path = op.path;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const segment = op.path.split('/').at(op.path.split('/').indexOf(`{${p.name}}`) - 1) ?? '';
    const { value, how } = pathValue(p, segment, rng, ids);
    if (how) broken.push(`path ${p.name}=${short(value)} (${how})`);
    path = path.replace(`{${p.name}}`, encodePart(value));
  }

  const query: [string, string][] = [];
  for (const p of op.params.filter((x) => x.in === 'query')) if (p.required || rng.chance(0.4)) query.push([p.name, queryValue(p, rng, ids)]);
  const queryParams = op.params.filter((x) => x.in === 'query');
  // A route with a body always gets it broken (a broken query alone would let the write through);
  // one whose path is already broken keeps a well-formed body half the time.
  const targets = op.body ? ['body', 'body', 'body', 'raw'] : ['raw', 'query', 'query', 'query'];
  const target = broken.length && rng.chance(0.5) ? 'none' : rng.pick(targets);
  const alsoQuery = target === 'query' || (target !== 'none' && rng.chance(0.2));

  let payload: string | undefined;
  let contentType: string | undefined;
  if (op.body) {
    const nodes: Node[] = [];
    let body = exampleOf(op.body, rng, ids, '', [], nodes);
    if (target === 'body') {
      const roll = rng.next();
      const fields = nodes.filter((n) => n.path.length > 0);
      if (roll < 0.12 && fields.some((n) => n.required)) {
        const n = rng.pick(fields.filter((f) => f.required));
        body = setAt(body, n.path, undefined, true);
        broken.push(`body missing ${n.path.join('.')}`);
      } else if (roll < 0.22) {
        const key = rng.pick(['id', 'isAdmin', 'orgPath', 'createdBy', 'x'.repeat(1000), '\u0000', '汉']);
        body = setAt(body, [key], rng.pick(NASTY_STRINGS));
        broken.push(`body extra field ${short(key)}`);
      } else if (roll < 0.28) {
        body = rng.pick(WRONG_TYPES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)));
        broken.push(`body is ${short(body)}`);
      } else {
        const n = fields.length ? rng.pick(fields) : nodes[0]!;
        const { value, how } = breakValue(n, rng, ids);
        body = setAt(body, n.path, value);
        broken.push(`body ${n.path.join('.') || '(root)'}=${short(value)} (${how})`);
      }
    }
    payload = JSON.stringify(body);
    contentType = 'application/json';
  }
  if (target === 'raw') {
    const raw = rng.pick(RAW_BODIES);
    payload = raw.body;
    contentType = raw.contentType;
    broken.push(`raw body ${short(raw.body)} as ${raw.contentType}`);
  }
  if (alsoQuery) {
    const roll = rng.next();
    if (queryParams.length && roll < 0.7) {
      const p = rng.pick(queryParams);
      const value = rng.chance(0.5)
        ? rng.pick(NASTY_QUERY_VALUES)
        : rng.chance(0.3)
          ? rng.pick(BAD_DATES)
          : rng.chance(0.5)
            ? rng.pick(BAD_IDS)
            : rng.pick(NASTY_STRINGS);
      const i = query.findIndex(([k]) => k === p.name);
      if (i >= 0) query.splice(i, 1);
      query.push([p.name, value]);
      broken.push(`query ${p.name}=${short(value)}`);
    } else if (queryParams.length && roll < 0.85) {
      const p = rng.pick(queryParams);
      query.push([p.name, queryValue(p, rng, ids)], [p.name, queryValue(p, rng, ids)]);
      broken.push(`query ${p.name} given twice`);
    } else {
      const key = rng.pick(['__proto__', 'constructor', 'x', 'page[]', 'y'.repeat(HUGE_LENGTH / 10)]);
      query.push([key, rng.pick(NASTY_STRINGS)]);
      broken.push(`query extra ${short(key)}`);
    }
  }
  const qs = query.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&');
  return {
    method: op.method,
    url: qs ? `${path}?${qs}` : path,
    ...(payload !== undefined ? { payload, contentType } : {}),
    mutation: broken.join('; ') || 'none (well-formed; a real id in the path)',
  };
}
