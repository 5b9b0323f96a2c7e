import type { Schema } from './openapi.ts';
import type { Rng } from './prng.ts';
import type { IdPool } from './ids.ts';

export type Path = (string | number)[];
/** A place in a generated value and the schema that governs it. */
export type Node = { path: Path; schema: Schema; name: string; required: boolean };

/** Values that satisfy the document's patterns; the first one a pattern accepts is used. */
const PATTERN_EXAMPLES = ['2026-11-26', '2026-11-26T02:00:00.000Z', '2026-Q4', '2026-11', '123456', '2026', '12', '/x', 'fuzz-a', 'fuzz.a', 'fuzz'];

/** The schema's types, with `null` last so a real value is preferred. */
export function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return [...schema.type].sort((a, b) => Number(a === 'null') - Number(b === 'null'));
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function branch(schema: Schema, rng: Rng): Schema {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return schema;
  const real = options.filter((o) => o.type !== 'null');
  return branch(real.length && rng.chance(0.9) ? rng.pick(real) : rng.pick(options), rng);
}

function exampleString(schema: Schema, name: string, rng: Rng, ids: IdPool): string {
  if (schema.format === 'date-time') return '2026-11-26T02:00:00.000Z';
  if (schema.pattern) {
    const re = new RegExp(schema.pattern);
    const hit = PATTERN_EXAMPLES.find((s) => re.test(s));
    if (hit) return hit;
  }
  if (/id$/i.test(name)) {
    const id = ids.real(rng, { field: name });
    if (id) return id;
  }
  const base = `fuzz ${name}`;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 64;
  return base.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, base.length)));
}

function exampleNumber(schema: Schema, integer: boolean): number {
  const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
  const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : lo + 10);
  const v = Math.min(Math.max(1, lo), hi);
  return integer ? Math.ceil(v) : v;
}

/**
 * A value the schema (probably) accepts, and every node in it, so a mutation can break exactly
 * one place and the rest of the request still reaches the code behind validation.
 */
export function exampleOf(schema: Schema, rng: Rng, ids: IdPool, name = '', path: Path = [], nodes: Node[] = [], required = true): unknown {
  const s = branch(schema, rng);
  nodes.push({ path, schema: s, name, required });
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return rng.pick(s.enum);
  const types = typesOf(s);
  const type = types.length > 1 && rng.chance(0.1) ? rng.pick(types) : types[0];
  switch (type) {
    case 'string':
      return exampleString(s, name, rng, ids);
    case 'integer':
    case 'number':
      return exampleNumber(s, type === 'integer');
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const count = Math.min(s.maxItems ?? 2, Math.max(s.minItems ?? 0, rng.int(0, 2)));
      return Array.from({ length: count }, (_, i) => exampleOf(s.items ?? {}, rng, ids, name, [...path, i], nodes, true));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const req = new Set(s.required ?? []);
      for (const [key, sub] of Object.entries(s.properties ?? {})) {
        if (req.has(key) || rng.chance(0.5)) out[key] = exampleOf(sub, rng, ids, key, [...path, key], nodes, req.has(key));
      }
      return out;
    }
    default:
      return rng.pick(['x', 1, true, null]);
  }
}

/** The value with `path` replaced (or removed, when `remove`); the root itself when the path is empty. */
export function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (remove) delete copy[head!];
    else copy[head!] = value;
  } else {
    copy[head!] = setAt(copy[head!], rest, value, remove);
  }
  return copy;
}
