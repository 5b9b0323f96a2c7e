import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normalizePhone } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import { PUBLIC } from '../../platform/http/access.ts';
import { AppError } from '../../platform/errors.ts';
import { can } from '../../platform/policy/policy.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';
import { receiveRequest } from '../service-requests/service-requests.commands.ts';
import { keyHolder, listParam, param, registerOpen311ErrorHandling, requireFormat, send } from './open311.http.ts';
import { chinaIso, presentService, serviceNotice, SPECIFICATION } from './open311.present.ts';
import { dateWindow, findRequests } from './open311.requests.ts';

const LISTING_KINDS = ['city', 'township', 'community', 'village'];
const RECEIVING_KINDS = ['community', 'village'];
const CHANGESET_FALLBACK = '2026-01-01T00:00:00+08:00';

/**
 * Open311 GeoReport v2 at /open311/v2 (JSON and XML): discovery, services, service definitions,
 * requests (GET; POST with an api_key), one request, tokens. jurisdiction_id is an org node's
 * statistical code: a community or village (the city's or a township's for listing across it).
 * A request posted here is received like any other (channel 'open311'). Outside /api/, so the
 * routes answer errors in the spec's shape through their own handlers.
 */
export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(
    async (o311) => {
      registerOpen311ErrorHandling(o311);
      // POST Service Request is a form (application/x-www-form-urlencoded); JSON is taken too.
      o311.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      open311Routes(o311, ctx);
    },
    { prefix: '/open311' },
  );
}

function open311Routes(o311: FastifyInstance, ctx: AppContext): void {
  const opts = { config: { access: PUBLIC }, schema: { hide: true } };

  /** The org node a jurisdiction_id names; none given means the whole city (listing only). */
  const jurisdiction = async (source: unknown, forPost = false) => {
    const code = param(source, 'jurisdiction_id');
    if (!code) {
      if (forPost) throw new AppError('OPEN311_PARAMETER_MISSING', { name: 'jurisdiction_id' });
      return null;
    }
    const org = await ctx.db.selectFrom('org_nodes').select(['id', 'path', 'kind']).where('code', '=', code).executeTakeFirst();
    if (!org || !LISTING_KINDS.includes(org.kind)) throw new AppError('OPEN311_JURISDICTION_NOT_FOUND');
    if (forPost && !RECEIVING_KINDS.includes(org.kind)) throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'jurisdiction_id' });
    return org;
  };
  const onlineItems = () => ctx.db.selectFrom('service_items').selectAll().where('active', '=', 1).where('online', '=', 1);

  o311.get('/v2/discovery.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    const latest = await ctx.db
      .selectFrom('service_items')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .executeTakeFirst();
    const changeset = latest?.at ? chinaIso(String(latest.at)) : CHANGESET_FALLBACK;
    return send(reply, format, 200, 'discovery', {
      changeset,
      contact: '沙湾市领雁社区服务与治理平台 系统管理员 (Shawan City Lingyan platform, system administrator)',
      key_service: 'api_key: an API token issued by the system administrator for an account that receives requests at the community',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${request.protocol}://${request.host}/open311/v2`,
          changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
  });

  o311.get('/v2/services.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    await jurisdiction(request.query);
    const items = await onlineItems().orderBy('sort_order').orderBy('code').execute();
    return send(
      reply,
      format,
      200,
      'services',
      items.map((i) => presentService(i, request.locale)),
    );
  });

  o311.get<{ Params: { service_code: string; format: string } }>('/v2/services/:service_code.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    await jurisdiction(request.query);
    const item = await onlineItems().where('code', '=', request.params.service_code).executeTakeFirst();
    if (!item) throw new AppError('OPEN311_SERVICE_NOT_FOUND');
    // No item asks for more than its description says: no attributes (metadata is false).
    return send(reply, format, 200, 'service_definition', { service_code: item.code, attributes: [] });
  });

  o311.get('/v2/requests.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    const q = request.query;
    const holder = await optionalHolder(request);
    const org = await jurisdiction(q);
    const { maxRequests, maxDays } = await ctx.settings.get('open311.limits');
    const numbers = listParam(q, 'service_request_id');
    const statuses = listParam(q, 'status');
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'status' });
    // service_request_id overrides every other argument (but the jurisdiction).
    const window = numbers ? null : dateWindow(param(q, 'start_date'), param(q, 'end_date'), ctx.clock.now().getTime(), maxDays);
    const rows = await findRequests(
      ctx,
      {
        orgPath: org?.path ?? null,
        numbers: numbers?.slice(0, maxRequests),
        serviceCodes: listParam(q, 'service_code'),
        statuses: statuses as ('open' | 'closed')[] | undefined,
        from: window?.from,
        to: window?.to,
        limit: maxRequests,
      },
      request.locale,
      holder,
    );
    return send(reply, format, 200, 'service_requests', rows);
  });

  o311.get<{ Params: { service_request_id: string; format: string } }>('/v2/requests/:service_request_id.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    const holder = await optionalHolder(request);
    const org = await jurisdiction(request.query);
    const rows = await findRequests(ctx, { orgPath: org?.path ?? null, numbers: [request.params.service_request_id], limit: 1 }, request.locale, holder);
    if (rows.length === 0) throw new AppError('OPEN311_REQUEST_NOT_FOUND');
    return send(reply, format, 200, 'service_requests', rows);
  });

  // Requests are realtime (the id comes back at once), so a token is simply the request's id.
  o311.get<{ Params: { token_id: string; format: string } }>('/v2/tokens/:token_id.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    const org = await jurisdiction(request.query);
    let q = ctx.db.selectFrom('service_requests').select('number').where('number', '=', request.params.token_id);
    if (org) q = q.where((eb) => pathsCondition(eb, 'org_path', [org.path]));
    const row = await q.executeTakeFirst();
    if (!row) throw new AppError('OPEN311_TOKEN_NOT_FOUND');
    return send(reply, format, 200, 'service_requests', [{ service_request_id: row.number, token: request.params.token_id }]);
  });

  o311.post('/v2/requests.:format', opts, async (request, reply) => {
    const format = requireFormat(request);
    // Parameters from the form (or JSON); api_key there or as a bearer token, never in the URL (URLs reach logs).
    const p = (request.body as Record<string, unknown> | undefined) ?? {};
    const holder = await keyHolder(ctx, param(p, 'api_key') ?? bearer(request));
    if (!holder) throw new AppError('OPEN311_API_KEY_INVALID');
    const org = (await jurisdiction(p, true))!;
    if (!can(holder, 'service:receive', org.path)) throw new AppError('OPEN311_API_KEY_INVALID');
    const code = param(p, 'service_code');
    if (!code) throw new AppError('OPEN311_PARAMETER_MISSING', { name: 'service_code' });
    const item = await onlineItems().where('code', '=', code).executeTakeFirst();
    if (!item) throw new AppError('OPEN311_SERVICE_NOT_FOUND');
    const input = postInput(p);
    const id = await receiveRequest(ctx, { actorId: holder.userId, actorName: holder.username, requestId: request.id, ip: request.ip ?? null }, null, {
      orgId: org.id,
      itemId: item.id,
      channel: 'open311',
      ...input,
    });
    const row = await ctx.db.selectFrom('service_requests').select('number').where('id', '=', id).executeTakeFirstOrThrow();
    return send(reply, format, 201, 'service_requests', [
      { service_request_id: row.number, service_notice: serviceNotice(item.limit_days, request.locale), account_id: null },
    ]);
  });

  /**
   * GET answers carry personal fields (description, address) only for a key holder who may read
   * the request: the key comes as `Authorization: Bearer <api_key>`; a bad key is refused, not ignored.
   */
  async function optionalHolder(request: FastifyRequest) {
    const key = bearer(request);
    if (!key) return null;
    const holder = await keyHolder(ctx, key);
    if (!holder) throw new AppError('OPEN311_API_KEY_INVALID');
    return holder;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return m?.[1];
}

/** The resident and the matter, from the spec's fields; the location is kept in the description. */
function postInput(p: Record<string, unknown>) {
  const first = param(p, 'first_name') ?? '';
  const last = param(p, 'last_name') ?? '';
  // Chinese names are written family name first, Western ones given name first.
  const name = /[^\x20-\x7e]/.test(first + last) ? `${last}${first}` : `${first} ${last}`.trim();
  if (!name) throw new AppError('OPEN311_PARAMETER_MISSING', { name: 'first_name, last_name' });
  if (name.length > 64) throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'first_name, last_name' });
  const rawPhone = param(p, 'phone');
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (rawPhone && !phone) throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'phone' });
  const lat = param(p, 'lat');
  const long = param(p, 'long');
  for (const [n, v, max] of [
    ['lat', lat, 90],
    ['long', long, 180],
  ] as const) {
    if (v !== undefined && !(Math.abs(Number(v)) <= max)) throw new AppError('OPEN311_PARAMETER_INVALID', { name: n });
  }
  const address = param(p, 'address_string');
  const parts = [
    param(p, 'description'),
    address ? `地址：${address}` : undefined,
    lat !== undefined && long !== undefined ? `坐标：${lat}, ${long}` : undefined,
  ].filter((x): x is string => !!x);
  if (parts.length === 0) throw new AppError('OPEN311_PARAMETER_MISSING', { name: 'description' });
  const description = parts.join('\n');
  if (description.length > 4000) throw new AppError('OPEN311_PARAMETER_INVALID', { name: 'description' });
  return { visitorName: name, contactPhone: phone, description };
}
