import { z } from 'zod';
import type { Kysely } from 'kysely';
import {
  DEFAULT_PASSWORD_POLICY,
  DEFAULT_STAR_PAY_COEFFICIENTS,
  DEFAULT_STAR_RULES,
  DEFAULT_VISIT_PERIOD_POLICY,
  starPayCoefficientsSchema,
  starRulesProblems,
  starRulesSchema,
  visitPeriodPolicySchema,
} from '@lingyan/shared';
import type { DB } from './db/schema.ts';
import type { Clock } from './clock.ts';

/**
 * Policy as data: every threshold an administrator may change, with its schema and default.
 * A module adds its settings here; the value in the `settings` table wins over the default.
 */
export const SETTINGS = {
  'auth.passwordPolicy': {
    schema: z.strictObject({ minLength: z.number().int().min(8).max(128), minClasses: z.number().int().min(1).max(4), forbidUsername: z.boolean() }),
    default: DEFAULT_PASSWORD_POLICY,
  },
  'auth.lockout': {
    schema: z.strictObject({ maxFailures: z.number().int().min(3).max(20), lockMinutes: z.number().int().min(1).max(1440) }),
    default: { maxFailures: 5, lockMinutes: 15 },
  },
  /** Failed sign-ins per client address, across accounts (a token bucket refilled over the window, so no one is shut out for good). */
  'auth.loginRateLimit': {
    schema: z.strictObject({ windowMinutes: z.number().int().min(1).max(1440), failuresPerAddress: z.number().int().min(3).max(10_000) }),
    default: { windowMinutes: 15, failuresPerAddress: 30 },
  },
  'auth.session': {
    schema: z.strictObject({ idleMinutes: z.number().int().min(5).max(480), absoluteHours: z.number().int().min(1).max(72) }),
    default: { idleMinutes: 30, absoluteHours: 12 },
  },
  'registry.reveal': {
    schema: z.strictObject({ showSeconds: z.number().int().min(5).max(600) }),
    default: { showSeconds: 30 },
  },
  'registry.rentals': {
    schema: z.strictObject({ registerWithinDays: z.number().int().min(0).max(60), permitWarnDays: z.number().int().min(1).max(365) }),
    default: { registerWithinDays: 3, permitWarnDays: 30 },
  },
  'registry.import': {
    schema: z.strictObject({ maxRows: z.number().int().min(1).max(1_000_000), maxFileMb: z.number().int().min(1).max(500) }),
    default: { maxRows: 300_000, maxFileMb: 100 },
  },
  'registry.export': {
    schema: z.strictObject({ maxRows: z.number().int().min(1).max(1_000_000) }),
    default: { maxRows: 100_000 },
  },
  'service.weights': {
    schema: z.strictObject({ response: z.number().min(0).max(100), resolution: z.number().min(0).max(100), satisfaction: z.number().min(0).max(100) }),
    default: { response: 30, resolution: 35, satisfaction: 35 },
  },
  'service.clock': {
    schema: z.strictObject({ warnWorkingDays: z.number().int().min(0).max(10) }),
    default: { warnWorkingDays: 1 },
  },
  /** Per client address, in a sliding window: public submissions, failed look-ups (also per request number, per day) and code requests. */
  'public.rateLimits': {
    schema: z.strictObject({
      windowMinutes: z.number().int().min(1).max(1440),
      submit: z.number().int().min(1).max(10_000),
      lookupFailures: z.number().int().min(1).max(10_000),
      codeRequests: z.number().int().min(1).max(10_000),
    }),
    default: { windowMinutes: 10, submit: 5, lookupFailures: 10, codeRequests: 3 },
  },
  /** One-time codes sent by SMS to follow and rate a request. */
  'public.oneTimeCode': {
    schema: z.strictObject({ ttlMinutes: z.number().int().min(1).max(60), maxAttempts: z.number().int().min(1).max(10) }),
    default: { ttlMinutes: 5, maxAttempts: 5 },
  },
  /** Open311 GeoReport v2: GET requests answers at most `maxRequests` of a span of at most `maxDays` (the spec's defaults). */
  'open311.limits': {
    schema: z.strictObject({ maxRequests: z.number().int().min(1).max(1000), maxDays: z.number().int().min(1).max(90) }),
    default: { maxRequests: 1000, maxDays: 90 },
  },
  /** Uploaded attachments (photos, PDF): the largest accepted file. */
  'files.upload': {
    schema: z.strictObject({ maxFileMb: z.number().int().min(1).max(100) }),
    default: { maxFileMb: 10 },
  },
  /** Uploads never attached to a record are removed after this many hours. */
  'files.unattached': {
    schema: z.strictObject({
      keepHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90),
    }),
    default: { keepHours: 48 },
  },
  /** Event clocks: the share of a step's time left when its clock turns to warning; the register limit of an event reported without a category. */
  'event.clock': {
    schema: z.strictObject({
      warnShare: z.number().min(0).max(1),
      uncategorisedRegister: z.strictObject({ value: z.number().min(0).max(720), unit: z.enum(['working-days', 'working-hours']) }),
    }),
    default: { warnShare: 0.25, uncategorisedRegister: { value: 2, unit: 'working-hours' as const } },
  },
  /** Office hours of a working day (China time) that limits in working hours count; Xinjiang's offices keep their own. */
  'event.workingHours': {
    schema: z.strictObject({
      periods: z
        .array(z.strictObject({ from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) }))
        .min(1)
        .max(4)
        .refine((ps) => ps.every((p, i) => p.from < p.to && (i === 0 || ps[i - 1]!.to <= p.from)), 'periods must be in order and not overlap'),
    }),
    default: {
      periods: [
        { from: '10:00', to: '14:00' },
        { from: '16:00', to: '20:00' },
      ],
    },
  },
  /** Visit periods (走访周期): every household once per period, special groups (by tag or age) more often. */
  'visits.period': {
    schema: visitPeriodPolicySchema,
    default: DEFAULT_VISIT_PERIOD_POLICY,
  },
  /** Star rating: level thresholds, recommendations and vetoes (incl. the "lacking either / both" switch). */
  'stars.rules': {
    schema: starRulesSchema.refine((r) => starRulesProblems(r).length === 0, {
      message: 'levels must fall strictly and one must start at 0 stars; vetoes name stars and evaluations',
    }),
    default: DEFAULT_STAR_RULES,
  },
  /** Performance-pay coefficient per star level for cadres' annual assessment. */
  'stars.payCoefficients': {
    schema: starPayCoefficientsSchema,
    default: DEFAULT_STAR_PAY_COEFFICIENTS,
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export type Settings = {
  get<K extends SettingKey>(key: K): Promise<SettingValue<K>>;
  set<K extends SettingKey>(db: Kysely<DB>, key: K, value: unknown, by: string | null): Promise<SettingValue<K>>;
  invalidate(): void;
};

/** Reads settings through a short cache, so several server processes agree within seconds. */
export function createSettings(db: Kysely<DB>, clock: Clock, ttlMs = 5000): Settings {
  const cache = new Map<string, { value: unknown; at: number }>();
  return {
    async get(key) {
      const hit = cache.get(key);
      const now = Date.now();
      if (hit && now - hit.at < ttlMs) return hit.value as never;
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      let value: unknown = SETTINGS[key].default;
      if (row) {
        const parsed = SETTINGS[key].schema.safeParse(JSON.parse(row.value));
        if (parsed.success) value = parsed.data;
      }
      cache.set(key, { value, at: now });
      return value as never;
    },
    async set(writeDb, key, value, by) {
      const parsed = SETTINGS[key].schema.parse(value);
      const row = { key, value: JSON.stringify(parsed), updated_at: clock.now().toISOString(), updated_by: by };
      await writeDb
        .insertInto('settings')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: by }))
        .execute();
      cache.delete(key);
      return parsed as never;
    },
    invalidate: () => cache.clear(),
  };
}
