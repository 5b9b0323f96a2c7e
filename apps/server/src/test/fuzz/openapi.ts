/** The part of the served OpenAPI document the fuzzer reads: each operation's inputs. */

export type Schema = {
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

export type Param = { name: string; in: 'path' | 'query'; schema: Schema; required: boolean };

export type Operation = {
  method: string;
  /** As in the document, with `{name}` placeholders. */
  path: string;
  params: Param[];
  /** The JSON body's schema; null when the route takes none (or a multipart upload). */
  body: Schema | null;
};

type Doc = { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };

/** Every operation of the document, in document order. */
export function operationsOf(doc: Doc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query').map((p) => ({ ...p, required: Boolean(p.required) }));
      out.push({ method: method.toUpperCase(), path, params, body: op.requestBody?.content?.['application/json']?.schema ?? null });
    }
  }
  return out;
}

export const opName = (op: Operation) => `${op.method} ${op.path}`;
