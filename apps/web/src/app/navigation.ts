/** The pages of the back office and the permission each needs: the side menu is built from `me.permissions`. */
export const NAV_ITEMS = [
  { key: 'home', path: '/home', labelKey: 'web.nav.home', permission: 'org:summary' },
  // The registry (人房户): residents (and their household cards), homes, rented homes, import.
  { key: 'residents', path: '/residents', labelKey: 'web.nav.residents', permission: 'registry:read', alsoPaths: ['/households'] },
  { key: 'homes', path: '/homes', labelKey: 'web.nav.homes', permission: 'registry:read' },
  { key: 'rentals', path: '/rentals', labelKey: 'web.nav.rentals', permission: 'registry:read' },
  { key: 'imports', path: '/imports', labelKey: 'web.nav.imports', permission: 'registry:import' },
  // The service hall (办事大厅): receive at the window, my requests, the board, overdue requests.
  { key: 'serviceDesk', path: '/service-desk', labelKey: 'web.nav.serviceDesk', permission: 'service:receive' },
  { key: 'serviceMine', path: '/service-requests/mine', labelKey: 'web.nav.serviceMine', permission: 'service:handle', alsoPaths: ['/service-requests'] },
  { key: 'serviceBoard', path: '/service-requests/board', labelKey: 'web.nav.serviceBoard', permission: 'service:read' },
  { key: 'serviceOverdue', path: '/service-requests/overdue', labelKey: 'web.nav.serviceOverdue', permission: 'service:lead' },
  { key: 'serviceFigures', path: '/service-figures', labelKey: 'web.nav.serviceFigures', permission: 'service:figures' },
  { key: 'serviceCatalog', path: '/service-items', labelKey: 'web.nav.serviceCatalog', permission: 'service:catalog' },
  { key: 'calendar', path: '/calendar', labelKey: 'web.nav.calendar', permission: 'calendar:manage' },
  // Grid management: tasks sent down to grids and emergency notices (the sender's side and the grid worker's).
  { key: 'noticesMine', path: '/notices/mine', labelKey: 'web.nav.noticesMine', permission: 'notice:acknowledge' },
  { key: 'gridTasksMine', path: '/grid-tasks/mine', labelKey: 'web.nav.gridTasksMine', permission: 'grid-task:report' },
  { key: 'gridTasks', path: '/grid-tasks', labelKey: 'web.nav.gridTasks', permission: 'grid-task:send' },
  { key: 'notices', path: '/notices', labelKey: 'web.nav.notices', permission: 'notice:send' },
  // Events (the GB/T 30428 loop): report, my cases, the board, figures, the category code table.
  { key: 'eventReport', path: '/events/report', labelKey: 'web.nav.eventReport', permission: 'event:report' },
  { key: 'eventsMine', path: '/events/mine', labelKey: 'web.nav.eventsMine', permission: 'event:handle' },
  { key: 'events', path: '/events', labelKey: 'web.nav.events', permission: 'event:read' },
  { key: 'eventFigures', path: '/event-figures', labelKey: 'web.nav.eventFigures', permission: 'event:figures' },
  { key: 'eventCategories', path: '/event-categories', labelKey: 'web.nav.eventCategories', permission: 'event:categories' },
  // Visits (入户走访): the grid worker's households and who is due; coverage and the not-yet-visited list.
  { key: 'visits', path: '/visits', labelKey: 'web.nav.visits', permission: 'visit:write' },
  { key: 'visitCoverage', path: '/visit-coverage', labelKey: 'web.nav.visitCoverage', permission: 'visit:read' },
  // Grids (网格): the map of a community's or township's grids, each grid's page with its boundary and people.
  { key: 'grids', path: '/grids', labelKey: 'web.nav.grids', permission: 'grid:read' },
  // Star rating (星级化创建): a community's stars (or the list of those in scope); the city's catalog, departments and rules.
  { key: 'stars', path: '/stars', labelKey: 'web.stars.nav.mine', permission: 'star:read' },
  { key: 'starCatalog', path: '/star-catalog', labelKey: 'web.stars.nav.catalog', permission: 'star:catalog' },
  // Star rating (星级化创建): the annual evaluation (self-assessment, scoring, approval) and the departments' review queue.
  { key: 'starCycles', path: '/star-cycles', labelKey: 'web.nav.starCycles', permission: 'star:read' },
  { key: 'starReview', path: '/star-review', labelKey: 'web.nav.starReview', permission: 'star:review' },
  // Stars between cycles: the township's quarterly checks (and removal), applications for a star (增星).
  { key: 'starChecks', path: '/star-checks', labelKey: 'web.nav.starChecks', permission: 'star:check' },
  { key: 'starApplications', path: '/star-applications', labelKey: 'web.nav.starApplications', permission: 'star:read' },
  // Star rating: the resident survey (群众测评) — household codes and paper by survey workers, results by readers.
  { key: 'starSurvey', path: '/star-survey', labelKey: 'web.nav.starSurvey', permission: 'star:survey' },
  { key: 'users', path: '/users', labelKey: 'web.nav.users', permission: 'user:read' },
  { key: 'assignments', path: '/assignments', labelKey: 'web.nav.assignments', permission: 'assignment:read' },
  { key: 'roles', path: '/roles', labelKey: 'web.nav.roles', permission: 'role:read' },
  { key: 'audit', path: '/audit', labelKey: 'web.nav.audit', permission: 'audit:read' },
] as const;
export type NavItem = (typeof NAV_ITEMS)[number];
export type NavKey = NavItem['key'];

export const NO_ACCESS_PATH = '/no-access';

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => permissions.includes(item.permission));
}

/** Where a user lands after signing in: the first page they may open (the auditor: the audit log). */
export function landingPath(permissions: readonly string[]): string {
  return visibleNavItems(permissions)[0]?.path ?? NO_ACCESS_PATH;
}

/** The menu item of an address: its own path and below, or a page that belongs to it (a household card → residents). */
export function navItemOfPath(pathname: string): NavItem | undefined {
  const under = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
  // A page's own path wins over another item's alsoPaths (/service-requests/board is the board, not "mine").
  return NAV_ITEMS.find((item) => under(item.path)) ?? NAV_ITEMS.find((item) => 'alsoPaths' in item && item.alsoPaths.some(under));
}
