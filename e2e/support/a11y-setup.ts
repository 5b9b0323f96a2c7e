// Every browser test: axe-core results of the routes it reached (see a11y.ts) fail it.
import { afterEach, beforeEach } from 'vitest';
import { collectAccessibility, formatViolations, resetAccessibility } from './a11y.ts';

beforeEach(() => resetAccessibility());

afterEach(async () => {
  const violations = await collectAccessibility();
  if (violations.length > 0) throw new Error(`serious or critical WCAG 2.1 AA violations (axe-core):\n${formatViolations(violations)}`);
});
