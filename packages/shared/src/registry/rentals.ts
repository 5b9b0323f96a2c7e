/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export type RentalPolicy = { registerWithinDays: number; permitWarnDays: number };

/** A tenancy registered more than the allowed days after the tenant moved in needs attention. */
export function isLateRegistration(delayDays: number, policy: RentalPolicy): boolean {
  return delayDays > policy.registerWithinDays;
}

/** A residence permit's state on `today`: expired, expiring within the warning window, or fine. */
export function permitState(expires: string, today: string, policy: RentalPolicy): 'expired' | 'expiring' | 'valid' {
  const left = daysBetween(today, expires);
  if (left < 0) return 'expired';
  return left <= policy.permitWarnDays ? 'expiring' : 'valid';
}

/**
 * The share of tenancies registered within the allowed days (以房管人: a rented home is known when
 * its tenant is registered in time), as a percentage to one decimal; null with no tenancies.
 */
export function onTimeRegistrationRate(delayDays: readonly number[], policy: RentalPolicy): number | null {
  if (delayDays.length === 0) return null;
  const onTime = delayDays.filter((d) => !isLateRegistration(d, policy)).length;
  return Math.round((onTime * 1000) / delayDays.length) / 10;
}
