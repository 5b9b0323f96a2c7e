// axe-core on every page the journeys reach, without any journey asking: launchBrowser() watches
// each tab; when a route settles (no navigation for SETTLE_MS) axe runs once for that route in the
// current test, and the afterEach of a11y-setup.ts fails the test on a serious or critical
// violation of WCAG 2.1 A/AA (what GB/T 37668 follows).
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const AXE_SOURCE: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const SETTLE_MS = 700;
const CONFIRM_MS = 500;

export interface A11yViolation {
  route: string;
  url: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

interface AxeResult {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}

const checked = new Set<string>();
const pending = new Set<Promise<void>>();
const found: A11yViolation[] = [];
const watchedPages = new Set<Page>();
let enabled = process.env.LINGYAN_E2E_AXE !== '0';

/** One key per route: ids (numbers, uuids, long codes) in the path do not make a new route. */
export function routeKey(url: string): string {
  const { origin, pathname } = new URL(url);
  const path = pathname
    .split('/')
    .map((part) => (/^(\d+|[0-9a-f-]{16,}|[0-9A-Z]{20,})$/i.test(part) ? ':id' : part))
    .join('/');
  return `${origin}${path}`;
}

async function runAxe(page: Page): Promise<AxeResult> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    // Only what the runner needs crosses back.
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    };
  }, WCAG_TAGS);
}

/**
 * axe runs while the journey goes on, so a first run can catch a page mid-render (an ARIA
 * reference to a popup not drawn yet): a violation counts only if a second run a moment later
 * finds it on the same element.
 */
async function confirmedViolations(page: Page): Promise<AxeResult> {
  const first = await runAxe(page);
  const failing = first.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  if (failing.length === 0) return { violations: [] };
  await page.waitForTimeout(CONFIRM_MS);
  const second = await runAxe(page);
  const seen = new Set(second.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.map(String).join(' ')}`)));
  return {
    violations: failing
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => seen.has(`${v.id} ${n.target.map(String).join(' ')}`)) }))
      .filter((v) => v.nodes.length > 0),
  };
}

/** Checks the page's current route unless this test has checked it already. */
async function checkRoute(page: Page): Promise<void> {
  if (!enabled || page.isClosed()) return;
  const url = page.url();
  if (!url.startsWith('http')) return;
  // Swagger UI (/api/docs) is the API's developer console, drawn by the swagger-ui package, not a page of the app.
  if (new URL(url).pathname.startsWith('/api/docs')) return;
  const key = routeKey(url);
  if (checked.has(key)) return;
  checked.add(key);
  try {
    const result = await confirmedViolations(page);
    for (const v of result.violations) {
      if (!FAILING_IMPACTS.has(v.impact ?? '')) continue;
      found.push({
        route: key,
        url,
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map(
          (n) => `${n.target.map(String).join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`,
        ),
      });
    }
  } catch {
    // The page navigated or closed while axe ran: the route is checked again when next reached.
    checked.delete(key);
  }
}

function track(promise: Promise<void>): void {
  pending.add(promise);
  void promise.finally(() => pending.delete(promise));
}

function watchPage(page: Page): void {
  watchedPages.add(page);
  let timer: NodeJS.Timeout | undefined;
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        track(
          page.waitForLoadState('load').then(
            () => checkRoute(page),
            () => undefined,
          ),
        ),
      SETTLE_MS,
    );
  });
  page.on('close', () => {
    clearTimeout(timer);
    watchedPages.delete(page);
  });
}

/** Called by launchBrowser for every context it opens. */
export function watchAccessibility(context: BrowserContext): void {
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
}

/** Before each test: a fresh set of checked routes and violations. */
export function resetAccessibility(): void {
  checked.clear();
  found.length = 0;
}

/** After each test: the routes still open are checked too, then every failing violation is returned. */
export async function collectAccessibility(): Promise<A11yViolation[]> {
  await Promise.all([...pending]);
  await Promise.all([...watchedPages].map((page) => checkRoute(page)));
  return [...found];
}

/** For a test that must reach a state axe would rightly flag (none today). */
export function setAccessibilityChecks(on: boolean): void {
  enabled = on;
}

export function formatViolations(violations: A11yViolation[]): string {
  return violations.map((v) => `[${v.impact}] ${v.id} on ${v.route}: ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}`).join('\n');
}
