import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { LandingRedirect, RequirePermission, RequireSignedIn, RequireSignedOut, CHANGE_PASSWORD_PATH } from './route-guards.tsx';
import { NoAccessPage, NotFoundPage, PageErrorPage, PageLoading } from './page-states.tsx';
import { NO_ACCESS_PATH } from './navigation.ts';

// Every page is its own chunk: the login page does not pay for the tables, forms and charts.
const AppLayout = lazy(() => import('./app-layout.tsx').then((m) => ({ default: m.AppLayout })));
const LoginPage = lazy(() => import('../modules/auth/login-page.tsx').then((m) => ({ default: m.LoginPage })));
const ChangePasswordPage = lazy(() => import('../modules/auth/change-password-page.tsx').then((m) => ({ default: m.ChangePasswordPage })));
const HomePage = lazy(() => import('../modules/home/home-page.tsx').then((m) => ({ default: m.HomePage })));
const UsersPage = lazy(() => import('../modules/users/users-page.tsx').then((m) => ({ default: m.UsersPage })));
const AssignmentsPage = lazy(() => import('../modules/assignments/assignments-page.tsx').then((m) => ({ default: m.AssignmentsPage })));
const RolesPage = lazy(() => import('../modules/roles/roles-page.tsx').then((m) => ({ default: m.RolesPage })));
const ResidentsPage = lazy(() => import('../modules/residents/residents-page.tsx').then((m) => ({ default: m.ResidentsPage })));
const HouseholdPage = lazy(() => import('../modules/households/household-page.tsx').then((m) => ({ default: m.HouseholdPage })));
const HomesPage = lazy(() => import('../modules/homes/homes-page.tsx').then((m) => ({ default: m.HomesPage })));
const RentalsPage = lazy(() => import('../modules/rentals/rentals-page.tsx').then((m) => ({ default: m.RentalsPage })));
const ImportPage = lazy(() => import('../modules/imports/import-page.tsx').then((m) => ({ default: m.ImportPage })));
const WindowDeskPage = lazy(() => import('../modules/service-hall/window-desk-page.tsx').then((m) => ({ default: m.WindowDeskPage })));
const RequestPage = lazy(() => import('../modules/service-hall/request-page.tsx').then((m) => ({ default: m.RequestPage })));
const RequestsPage = lazy(() => import('../modules/service-hall/requests-page.tsx').then((m) => ({ default: m.RequestsPage })));
const FiguresPage = lazy(() => import('../modules/service-hall/figures-page.tsx').then((m) => ({ default: m.FiguresPage })));
const CatalogPage = lazy(() => import('../modules/service-hall/catalog-page.tsx').then((m) => ({ default: m.CatalogPage })));
const CalendarPage = lazy(() => import('../modules/service-hall/calendar-page.tsx').then((m) => ({ default: m.CalendarPage })));
const PublicPages = () => import('../modules/public/public-pages.tsx');
const PublicLayout = lazy(() => PublicPages().then((m) => ({ default: m.PublicLayout })));
const PublicCatalogPage = lazy(() => PublicPages().then((m) => ({ default: m.PublicCatalogPage })));
const PublicSubmitPage = lazy(() => PublicPages().then((m) => ({ default: m.PublicSubmitPage })));
const PublicTrackPage = lazy(() => PublicPages().then((m) => ({ default: m.PublicTrackPage })));
const GridTasksPage = lazy(() => import('../modules/grid-tasks/grid-tasks-page.tsx').then((m) => ({ default: m.GridTasksPage })));
const GridTaskPage = lazy(() => import('../modules/grid-tasks/grid-task-page.tsx').then((m) => ({ default: m.GridTaskPage })));
const NoticesPage = lazy(() => import('../modules/notices/notices-page.tsx').then((m) => ({ default: m.NoticesPage })));
const NoticePage = lazy(() => import('../modules/notices/notice-page.tsx').then((m) => ({ default: m.NoticePage })));
const EventsPage = lazy(() => import('../modules/events/events-page.tsx').then((m) => ({ default: m.EventsPage })));
const EventPage = lazy(() => import('../modules/events/event-page.tsx').then((m) => ({ default: m.EventPage })));
const ReportEventPage = lazy(() => import('../modules/events/report-page.tsx').then((m) => ({ default: m.ReportEventPage })));
const EventFiguresPage = lazy(() => import('../modules/events/event-figures-page.tsx').then((m) => ({ default: m.EventFiguresPage })));
const EventCategoriesPage = lazy(() => import('../modules/events/categories-page.tsx').then((m) => ({ default: m.EventCategoriesPage })));
const VisitsPage = lazy(() => import('../modules/visits/visits-page.tsx').then((m) => ({ default: m.VisitsPage })));
const CoveragePage = lazy(() => import('../modules/visits/coverage-page.tsx').then((m) => ({ default: m.CoveragePage })));
const GridsMapPage = lazy(() => import('../modules/grids/grids-map-page.tsx').then((m) => ({ default: m.GridsMapPage })));
const GridPage = lazy(() => import('../modules/grids/grid-page.tsx').then((m) => ({ default: m.GridPage })));
const StarCyclesPage = lazy(() => import('../modules/star-cycles/cycles-page.tsx').then((m) => ({ default: m.CyclesPage })));
const StarCyclePage = lazy(() => import('../modules/star-cycles/cycle-page.tsx').then((m) => ({ default: m.CyclePage })));
const StarEntryPage = lazy(() => import('../modules/star-cycles/entry-page.tsx').then((m) => ({ default: m.EntryPage })));
const StarReviewPage = lazy(() => import('../modules/star-cycles/review-page.tsx').then((m) => ({ default: m.ReviewPage })));
const PublicStarNoticePage = lazy(() => import('../modules/star-cycles/public-notice-page.tsx').then((m) => ({ default: m.PublicStarNoticePage })));
const StarChecksPage = lazy(() => import('../modules/star-checks/star-checks-page.tsx').then((m) => ({ default: m.StarChecksPage })));
const StarApplicationsPage = lazy(() => import('../modules/star-checks/star-applications-page.tsx').then((m) => ({ default: m.StarApplicationsPage })));
const StarBoardPage = lazy(() => import('../modules/stars/star-board-page.tsx').then((m) => ({ default: m.StarBoardPage })));
const MyStarsPage = lazy(() => import('../modules/stars/community-stars-page.tsx').then((m) => ({ default: m.MyStarsPage })));
const CommunityStarsPage = lazy(() => import('../modules/stars/community-stars-page.tsx').then((m) => ({ default: m.CommunityStarsPage })));
const StarCatalogPage = lazy(() => import('../modules/stars/star-catalog-page.tsx').then((m) => ({ default: m.StarCatalogPage })));
const SurveyPage = lazy(() => import('../modules/star-survey/survey-page.tsx').then((m) => ({ default: m.SurveyPage })));
const PublicSurveyPage = lazy(() => import('../modules/star-survey/public-survey-page.tsx').then((m) => ({ default: m.PublicSurveyPage })));
const AuditPage = lazy(() => import('../modules/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));

function guarded(permission: string, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

const router = createBrowserRouter([
  {
    path: '/login',
    errorElement: <PageErrorPage />,
    element: (
      <RequireSignedOut>
        <Suspense fallback={<PageLoading />}>
          <LoginPage />
        </Suspense>
      </RequireSignedOut>
    ),
  },
  {
    // The resident pages (群众端): no session needed, whoever is or is not signed in.
    path: '/public',
    errorElement: <PageErrorPage />,
    element: (
      <Suspense fallback={<PageLoading />}>
        <PublicLayout />
      </Suspense>
    ),
    children: [
      { index: true, element: <PublicCatalogPage /> },
      { path: 'submit', element: <PublicSubmitPage /> },
      { path: 'track', element: <PublicTrackPage /> },
      { path: 'star-notice', element: <PublicStarNoticePage /> },
      { path: 'star-board', element: <StarBoardPage /> },
      { path: 'survey/:token', element: <PublicSurveyPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: '/',
    errorElement: <PageErrorPage />,
    element: (
      <RequireSignedIn>
        <Suspense fallback={<PageLoading />}>
          <AppLayout />
        </Suspense>
      </RequireSignedIn>
    ),
    children: [
      {
        // Errors of one page stay inside the frame, so the menu still works.
        errorElement: <PageErrorPage />,
        children: [
          { index: true, element: <LandingRedirect /> },
          { path: 'home', element: guarded('org:summary', <HomePage />) },
          { path: 'residents', element: guarded('registry:read', <ResidentsPage />) },
          { path: 'households/:id', element: guarded('registry:read', <HouseholdPage />) },
          { path: 'homes', element: guarded('registry:read', <HomesPage />) },
          { path: 'rentals', element: guarded('registry:read', <RentalsPage />) },
          { path: 'imports', element: guarded('registry:import', <ImportPage />) },
          { path: 'service-desk', element: guarded('service:receive', <WindowDeskPage />) },
          { path: 'service-requests/mine', element: guarded('service:handle', <RequestsPage mode="mine" />) },
          { path: 'service-requests/board', element: guarded('service:read', <RequestsPage mode="board" />) },
          { path: 'service-requests/overdue', element: guarded('service:lead', <RequestsPage mode="overdue" />) },
          { path: 'service-figures', element: guarded('service:figures', <FiguresPage />) },
          { path: 'service-items', element: guarded('service:catalog', <CatalogPage />) },
          { path: 'calendar', element: guarded('calendar:manage', <CalendarPage />) },
          { path: 'service-requests/:id', element: <RequestPage /> },
          { path: 'grids', element: guarded('grid:read', <GridsMapPage />) },
          { path: 'grids/:id', element: guarded('grid:read', <GridPage />) },
          // Survey workers (star:survey) and readers of results (star:read) alike; the page checks either.
          { path: 'star-survey', element: <SurveyPage /> },
          { path: 'users', element: guarded('user:read', <UsersPage />) },
          { path: 'assignments', element: guarded('assignment:read', <AssignmentsPage />) },
          { path: 'roles', element: guarded('role:read', <RolesPage />) },
          { path: 'grid-tasks', element: guarded('grid-task:send', <GridTasksPage mode="sent" />) },
          { path: 'grid-tasks/mine', element: guarded('grid-task:report', <GridTasksPage mode="mine" />) },
          { path: 'grid-tasks/:id', element: <GridTaskPage /> },
          { path: 'notices', element: guarded('notice:send', <NoticesPage mode="sent" />) },
          { path: 'notices/mine', element: guarded('notice:acknowledge', <NoticesPage mode="mine" />) },
          { path: 'notices/:id', element: <NoticePage /> },
          { path: 'events', element: guarded('event:read', <EventsPage mode="board" />) },
          { path: 'events/mine', element: guarded('event:handle', <EventsPage mode="mine" />) },
          { path: 'events/report', element: guarded('event:report', <ReportEventPage />) },
          { path: 'events/:id', element: <EventPage /> },
          { path: 'event-figures', element: guarded('event:figures', <EventFiguresPage />) },
          { path: 'event-categories', element: guarded('event:categories', <EventCategoriesPage />) },
          { path: 'visits', element: guarded('visit:write', <VisitsPage />) },
          { path: 'visit-coverage', element: guarded('visit:read', <CoveragePage />) },
          { path: 'star-checks', element: guarded('star:read', <StarChecksPage />) },
          { path: 'star-applications', element: guarded('star:read', <StarApplicationsPage />) },
          { path: 'audit', element: guarded('audit:read', <AuditPage />) },
          { path: 'star-cycles', element: guarded('star:read', <StarCyclesPage />) },
          { path: 'star-cycles/:id', element: guarded('star:read', <StarCyclePage />) },
          { path: 'star-cycles/:id/entries/:communityId', element: guarded('star:read', <StarEntryPage />) },
          { path: 'star-review', element: guarded('star:review', <StarReviewPage />) },
          { path: 'stars', element: guarded('star:read', <MyStarsPage />) },
          { path: 'stars/community/:id', element: guarded('star:read', <CommunityStarsPage />) },
          { path: 'star-catalog', element: guarded('star:catalog', <StarCatalogPage />) },
          { path: CHANGE_PASSWORD_PATH.slice(1), element: <ChangePasswordPage /> },
          { path: NO_ACCESS_PATH.slice(1), element: <NoAccessPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
