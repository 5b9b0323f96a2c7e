import { catalog } from '@lingyan/shared';

const PREFIX = 'audit.action.';

/** The audit actions the catalog can name: the choices of the action filter. */
export function knownAuditActions(): string[] {
  return Object.keys(catalog)
    .filter((key) => key.startsWith(PREFIX))
    .map((key) => key.slice(PREFIX.length));
}

export function auditActionKey(action: string): string {
  return `${PREFIX}${action}`;
}
