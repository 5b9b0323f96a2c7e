import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS } from '@lingyan/shared';
import { landingPath, navItemOfPath, NO_ACCESS_PATH, visibleNavItems } from './navigation.ts';

const keysFor = (permissions: readonly string[]) => visibleNavItems(permissions).map((item) => item.key);

describe('the side menu', () => {
  it('offers each role exactly the pages its permissions open', () => {
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['community-leader'])).toEqual([
      'home',
      'residents',
      'homes',
      'rentals',
      'imports',
      'serviceDesk',
      'serviceMine',
      'serviceBoard',
      'serviceOverdue',
      'serviceFigures',
      'gridTasks',
      'notices',
      'eventReport',
      'eventsMine',
      'events',
      'eventFigures',
      'visits',
      'visitCoverage',
      'grids',
      'stars',
      'starCycles',
      'starApplications',
      'starSurvey',
    ]);
    // The grid worker reads and writes the registry but does not import.
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['grid-worker'])).toEqual([
      'home',
      'residents',
      'homes',
      'rentals',
      'serviceDesk',
      'serviceMine',
      'serviceBoard',
      'noticesMine',
      'gridTasksMine',
      'eventReport',
      'eventsMine',
      'events',
      'visits',
      'visitCoverage',
      'grids',
      'starSurvey',
    ]);
    // The city administrator keeps the catalog and the calendar.
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['city-admin'])).toEqual([
      'home',
      'residents',
      'homes',
      'rentals',
      'serviceBoard',
      'serviceFigures',
      'serviceCatalog',
      'calendar',
      'events',
      'eventFigures',
      'eventCategories',
      'visitCoverage',
      'grids',
      'stars',
      'starCatalog',
      'starCycles',
      'starApplications',
    ]);
    // The township officer checks each quarter; everyone who reads stars sees the applications.
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['township-officer']).filter((k) => k.startsWith('star'))).toEqual([
      'stars',
      'starCycles',
      'starChecks',
      'starApplications',
    ]);
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['department-officer']).filter((k) => k.startsWith('star'))).toEqual([
      'stars',
      'starCycles',
      'starReview',
      'starApplications',
    ]);
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['system-admin'])).toEqual(['users', 'assignments', 'roles']);
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS['security-admin'])).toEqual(['users', 'assignments', 'roles']);
    expect(keysFor(DEFAULT_ROLE_PERMISSIONS.auditor)).toEqual(['audit']);
    expect(keysFor([])).toEqual([]);
  });

  it('lands the auditor on the audit log and a user without pages on the no-access page', () => {
    expect(landingPath(DEFAULT_ROLE_PERMISSIONS.auditor)).toBe('/audit');
    expect(landingPath(DEFAULT_ROLE_PERMISSIONS['grid-worker'])).toBe('/home');
    expect(landingPath(['org:read'])).toBe(NO_ACCESS_PATH);
  });

  it('marks the menu item of the current address', () => {
    expect(navItemOfPath('/users')?.key).toBe('users');
    expect(navItemOfPath('/audit/123')?.key).toBe('audit');
    expect(navItemOfPath('/usersx')).toBeUndefined();
    // A household card belongs to the residents.
    expect(navItemOfPath('/households/abc')?.key).toBe('residents');
    // A request's page belongs to "my requests"; the board keeps its own item.
    expect(navItemOfPath('/service-requests/abc')?.key).toBe('serviceMine');
    expect(navItemOfPath('/service-requests/board')?.key).toBe('serviceBoard');
    // A grid worker's own lists keep their items; a task's page belongs to the sender's list.
    expect(navItemOfPath('/grid-tasks/mine')?.key).toBe('gridTasksMine');
    expect(navItemOfPath('/grid-tasks/abc')?.key).toBe('gridTasks');
    expect(navItemOfPath('/notices/mine')?.key).toBe('noticesMine');
    // A community's evaluation sheet belongs to the cycles.
    expect(navItemOfPath('/star-cycles/abc/entries/def')?.key).toBe('starCycles');
    // A community's star page belongs to "my stars"; the catalog keeps its own item.
    expect(navItemOfPath('/stars/community/abc')?.key).toBe('stars');
    expect(navItemOfPath('/star-catalog')?.key).toBe('starCatalog');
  });
});
