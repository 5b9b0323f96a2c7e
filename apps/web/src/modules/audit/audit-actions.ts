import type { AuditOutcome } from '@lingyan/shared';
import { messageKeys } from '../../app/messages.ts';

const ACTION_PREFIX = 'audit.action.';
const OUTCOME_PREFIX = 'audit.outcome.';

/** The audit actions the catalog can name: the choices of the action filter. */
export function knownAuditActions(): string[] {
  return messageKeys()
    .filter((key) => key.startsWith(ACTION_PREFIX))
    .map((key) => key.slice(ACTION_PREFIX.length));
}

/**
 * The outcomes, read from the catalog rather than from the zod schema module, so the audit
 * page does not pull zod into the browser.
 */
export function knownAuditOutcomes(): AuditOutcome[] {
  return messageKeys()
    .filter((key) => key.startsWith(OUTCOME_PREFIX))
    .map((key) => key.slice(OUTCOME_PREFIX.length) as AuditOutcome);
}

export function auditActionKey(action: string): string {
  return `${ACTION_PREFIX}${action}`;
}
