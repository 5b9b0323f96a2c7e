import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App as AntApp, Button, Drawer, Dropdown, Grid, Layout, Menu } from 'antd';
import {
  AlertOutlined,
  CarryOutOutlined,
  NotificationOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  BankOutlined,
  BorderOuterOutlined,
  CloudUploadOutlined,
  ContactsOutlined,
  DashboardOutlined,
  DownOutlined,
  FormOutlined,
  FileSearchOutlined,
  HomeOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  StarOutlined,
  FileAddOutlined,
  TeamOutlined,
  UserOutlined,
  CheckSquareOutlined,
} from '@ant-design/icons';
import { useAuth, useMe } from './auth-context.tsx';
import { PendingNoticesBanner } from '../modules/notices/pending-notices-banner.tsx';
import { useT } from './i18n.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { navItemOfPath, visibleNavItems, type NavKey } from './navigation.ts';
import { OrgProvider, useCurrentOrg } from './org-context.tsx';
import { PageLoading } from './page-states.tsx';
import { errorText } from './error-text.ts';
import { useLocale } from './i18n.tsx';
import { OrgTreeSelect } from '../modules/orgs/org-tree-select.tsx';
import { BrandMark } from './brand-mark.tsx';
import { CHANGE_PASSWORD_PATH } from './route-guards.tsx';

const NAV_ICONS: Record<NavKey, ReactNode> = {
  home: <HomeOutlined />,
  residents: <ContactsOutlined />,
  homes: <BankOutlined />,
  rentals: <FileSearchOutlined />,
  imports: <CloudUploadOutlined />,
  serviceDesk: <FormOutlined />,
  serviceMine: <ProfileOutlined />,
  serviceBoard: <DashboardOutlined />,
  serviceOverdue: <AlertOutlined />,
  serviceFigures: <BarChartOutlined />,
  serviceCatalog: <AppstoreOutlined />,
  calendar: <CalendarOutlined />,
  grids: <BorderOuterOutlined />,
  users: <TeamOutlined />,
  assignments: <SafetyCertificateOutlined />,
  roles: <KeyOutlined />,
  audit: <AuditOutlined />,
  noticesMine: <NotificationOutlined />,
  gridTasksMine: <CarryOutOutlined />,
  gridTasks: <CarryOutOutlined />,
  notices: <NotificationOutlined />,
  eventReport: <FormOutlined />,
  eventsMine: <ProfileOutlined />,
  events: <DashboardOutlined />,
  eventFigures: <BarChartOutlined />,
  eventCategories: <AppstoreOutlined />,
  visits: <HomeOutlined />,
  visitCoverage: <BarChartOutlined />,
  starCycles: <StarOutlined />,
  starReview: <CheckSquareOutlined />,
  starChecks: <AuditOutlined />,
  starApplications: <FileAddOutlined />,
  stars: <StarOutlined />,
  starCatalog: <AppstoreOutlined />,
  starSurvey: <FormOutlined />,
};

/** The signed-in frame: side menu from permissions, header with node picker, language and user menu. */
export function AppLayout() {
  const me = useMe();
  return (
    <OrgProvider key={me.user.id} userId={me.user.id}>
      <Shell />
    </OrgProvider>
  );
}

function Shell() {
  const me = useMe();
  const t = useT();
  useDocumentTitle();
  const screens = Grid.useBreakpoint();
  const isDesktop = screens.lg ?? true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const forcedPasswordChange = me.user.mustChangePassword;
  const showMenu = !forcedPasswordChange && visibleNavItems(me.permissions).length > 0;

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        {showMenu && !isDesktop ? (
          <Button
            type="text"
            className="app-header-menu-button"
            icon={<MenuOutlined />}
            aria-label={t('web.nav.menu')}
            data-testid="open-menu"
            onClick={() => setDrawerOpen(true)}
          />
        ) : null}
        <BrandMark compact={!screens.sm} />
        <div className="app-header-org">{!forcedPasswordChange && me.permissions.includes('org:read') ? <HeaderOrgPicker /> : null}</div>
        <div className="app-header-tools">
          <LanguageSwitch size="small" />
          <UserMenu />
        </div>
      </Layout.Header>
      <Layout>
        {showMenu && isDesktop ? (
          <Layout.Sider width={208} theme="light" className="app-sider">
            <SideMenu />
          </Layout.Sider>
        ) : null}
        {showMenu && !isDesktop ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={240}
            title={t('web.nav.menu')}
            styles={{ body: { padding: 0 } }}
          >
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : null}
        <Layout.Content className="app-content">
          <PendingNoticesBanner />
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** "用户管理 · 领雁": the tab and the history say which page it is. */
function useDocumentTitle() {
  const t = useT();
  const location = useLocation();
  const item = navItemOfPath(location.pathname);
  const page = item ? t(item.labelKey) : location.pathname === CHANGE_PASSWORD_PATH ? t('web.password.title') : null;
  useEffect(() => {
    document.title = page ? `${page} · ${t('app.name')}` : t('app.name');
  }, [page, t]);
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const items = visibleNavItems(me.permissions);
  const selected = navItemOfPath(location.pathname);
  return (
    <nav aria-label={t('web.nav.menu')} data-testid="side-menu">
      <Menu
        mode="inline"
        selectedKeys={selected ? [selected.key] : []}
        items={items.map((item) => ({
          key: item.key,
          icon: NAV_ICONS[item.key],
          label: <span data-testid={`nav-${item.key}`}>{t(item.labelKey)}</span>,
          onClick: () => {
            navigate(item.path);
            onNavigate?.();
          },
        }))}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );
}

function HeaderOrgPicker() {
  const t = useT();
  const { current, select, scopeLoaded } = useCurrentOrg();
  return (
    <OrgTreeSelect
      className="app-header-org-select"
      aria-label={t('web.header.orgPicker')}
      data-testid="org-picker"
      value={current?.id ?? null}
      valueLabel={current?.name}
      onRootsLoaded={scopeLoaded}
      onChange={(_id, node) => {
        if (node) select(node);
      }}
    />
  );
}

function UserMenu() {
  const me = useMe();
  const t = useT();
  const { locale } = useLocale();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const name = me.user.displayName || me.user.username;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'change-password',
            icon: <LockOutlined />,
            label: <span data-testid="menu-change-password">{t('web.header.changePassword')}</span>,
          },
          { type: 'divider' },
          {
            key: 'logout',
            icon: <LogoutOutlined />,
            danger: true,
            label: <span data-testid="menu-logout">{t('web.header.logout')}</span>,
          },
        ],
        onClick: ({ key }) => {
          if (key === 'change-password') navigate('/change-password');
          if (key === 'logout') {
            logout().catch((error: unknown) => message.error(errorText(locale, error)));
          }
        },
      }}
    >
      <Button type="text" className="app-user-button" aria-label={t('web.header.userMenuOf', { name })} data-testid="user-menu">
        <UserOutlined />
        <span className="app-user-name">{name}</span>
        <DownOutlined className="app-user-caret" />
      </Button>
    </Dropdown>
  );
}
