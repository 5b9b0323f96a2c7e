import '../residents/registry.css';
import { useCallback, useEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { App as AntApp, Alert, Button, Card, Col, Empty, Grid, Row, Space, Tag, Tree } from 'antd';
import { ApartmentOutlined, BankOutlined, HomeOutlined, PlusOutlined, ShopOutlined } from '@ant-design/icons';
import type { OrgNode } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { errorText } from '../../app/error-text.ts';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { listOrgs } from '../orgs/orgs.api.ts';
import { OrgKindTag } from '../orgs/org-kind-tag.tsx';
import type { Building, Home, HomeKind } from '../residents/registry-types.ts';
import { codeLabel } from '../residents/registry-labels.ts';
import { listAllBuildings, listAllHomes } from './homes.api.ts';
import { BuildingDetail, HomeDetail } from './home-detail.tsx';
import { CreateBuildingModal, HomeFormModal } from './place-modals.tsx';

/** Places other than homes in buildings: shops, schools, markets … shown under each grid. */
const PLACE_KINDS: HomeKind[] = ['shop', 'school', 'market', 'enterprise', 'office', 'other'];

/** What a tree node stands for; the key says it too (`org:…`, `building:…`, `unit:…`, `places:…`, `home:…`). */
type Entry =
  | { type: 'org'; node: OrgRef }
  | { type: 'building'; building: Building }
  | { type: 'unit'; building: Building; unitId: string; unitName: string }
  | { type: 'places'; gridId: string }
  | { type: 'home'; home: Home };

type TreeNode = { key: string; title: ReactNode; isLeaf: boolean; icon?: ReactNode; children?: TreeNode[] };

export function HomesPage() {
  const { current } = useCurrentOrg();
  const { t } = useLocale();
  if (!current) {
    return (
      <section aria-labelledby="homes-title">
        <div className="page-header">
          <h1 id="homes-title">{t('web.homes.title')}</h1>
        </div>
        <Empty description={t('web.home.chooseNode')} />
      </section>
    );
  }
  return <HomesOfNode key={current.id} root={current} />;
}

function homeTitle(home: Home): string {
  return home.roomNo ?? home.name ?? home.address;
}

function HomesOfNode({ root }: { root: OrgRef }) {
  const me = useMe();
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedHome = searchParams.get('home');
  const [entries, setEntries] = useState<Map<string, Entry>>(() => new Map());
  const [children, setChildren] = useState<Record<string, string[]>>({});
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [loaded, setLoaded] = useState<Key[]>([]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<
    { kind: 'building'; gridId?: string } | { kind: 'home'; initial?: Parameters<typeof HomeFormModal>[0]['initial'] } | null
  >(null);
  const detailRef = useRef<HTMLDivElement>(null);
  // The detail sits below the tree on a phone: bring it into view when something is chosen.
  const sideBySide = Grid.useBreakpoint().lg ?? true;
  const rootKey = `org:${root.id}`;

  const addEntries = useCallback((parentKey: string, list: [string, Entry][]) => {
    setEntries((current) => {
      const next = new Map(current);
      for (const [key, entry] of list) next.set(key, entry);
      return next;
    });
    setChildren((current) => ({ ...current, [parentKey]: list.map(([key]) => key) }));
  }, []);

  const loadChildren = useCallback(
    async (key: string, entry: Entry) => {
      const homeEntries = (homes: Home[]): [string, Entry][] => homes.map((home) => [`home:${home.id}`, { type: 'home', home }]);
      switch (entry.type) {
        case 'org': {
          if (entry.node.kind === 'grid') {
            const buildings = await listAllBuildings(entry.node.id);
            addEntries(key, [
              ...buildings.map((building): [string, Entry] => [`building:${building.id}`, { type: 'building', building }]),
              [`places:${entry.node.id}`, { type: 'places', gridId: entry.node.id }],
            ]);
          } else {
            const nodes: OrgNode[] = await listOrgs(entry.node.id);
            addEntries(
              key,
              nodes.map((node): [string, Entry] => [`org:${node.id}`, { type: 'org', node: { id: node.id, name: node.name, kind: node.kind } }]),
            );
          }
          return;
        }
        case 'building': {
          const { building } = entry;
          if (building.units.length > 0) {
            addEntries(
              key,
              building.units.map((unit): [string, Entry] => [`unit:${unit.id}`, { type: 'unit', building, unitId: unit.id, unitName: unit.name }]),
            );
          } else {
            addEntries(key, homeEntries(await listAllHomes({ buildingId: building.id })));
          }
          return;
        }
        case 'unit':
          addEntries(key, homeEntries(await listAllHomes({ unitId: entry.unitId })));
          return;
        case 'places': {
          const lists = await Promise.all(PLACE_KINDS.map((kind) => listAllHomes({ orgId: entry.gridId, kind })));
          addEntries(key, homeEntries(lists.flat().filter((home) => !home.buildingId)));
          return;
        }
        case 'home':
          return;
      }
    },
    [addEntries],
  );

  // The root node: a grid opens at its buildings, a larger node at its children.
  useEffect(() => {
    const entry: Entry = { type: 'org', node: root };
    setEntries(new Map([[rootKey, entry]]));
    loadChildren(rootKey, entry).then(
      () => setLoaded([rootKey]),
      (cause: unknown) => setError(cause),
    );
  }, [root, rootKey, loadChildren]);

  const treeData = useMemo(() => {
    const build = (key: string): TreeNode => {
      const entry = entries.get(key)!;
      const kids = children[key]?.filter((k) => entries.has(k)).map(build);
      switch (entry.type) {
        case 'org':
          return {
            key,
            title: (
              <span className="org-option">
                {entry.node.name}
                <OrgKindTag kind={entry.node.kind} />
              </span>
            ),
            isLeaf: false,
            children: kids,
          };
        case 'building':
          return {
            key,
            icon: <BankOutlined />,
            title: (
              <span>
                {entry.building.name} <span className="tree-count">{t('web.homes.homesCount', { count: entry.building.homeCount })}</span>
              </span>
            ),
            isLeaf: entry.building.homeCount === 0 && entry.building.units.length === 0,
            children: kids,
          };
        case 'unit':
          return { key, icon: <ApartmentOutlined />, title: entry.unitName, isLeaf: false, children: kids };
        case 'places':
          return { key, icon: <ShopOutlined />, title: t('web.homes.places'), isLeaf: false, children: kids };
        case 'home':
          return {
            key,
            icon: entry.home.kind === 'home' ? <HomeOutlined /> : <ShopOutlined />,
            title: (
              <span data-testid="tree-home">
                {homeTitle(entry.home)}
                {entry.home.kind !== 'home' ? <span className="tree-count"> {codeLabel(t, 'homeKind', entry.home.kind)}</span> : null}
                {entry.home.isRented ? (
                  <Tag color="orange" className="tree-tag">
                    {t('web.homes.rented')}
                  </Tag>
                ) : null}
              </span>
            ),
            isLeaf: true,
          };
      }
    };
    return (children[rootKey] ?? []).filter((k) => entries.has(k)).map(build);
  }, [entries, children, rootKey, t]);

  const select = (key: string | null) => {
    setSelectedKey(key);
    const entry = key ? entries.get(key) : undefined;
    const next = new URLSearchParams(searchParams);
    if (entry?.type === 'home') next.set('home', entry.home.id);
    else next.delete('home');
    setSearchParams(next, { replace: true });
    if (entry && !sideBySide) window.setTimeout(() => detailRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 50);
  };

  const selected = selectedKey ? entries.get(selectedKey) : undefined;
  const gridOf = (entry: Entry | undefined): string | undefined =>
    entry?.type === 'org' && entry.node.kind === 'grid'
      ? entry.node.id
      : entry?.type === 'building' || entry?.type === 'unit'
        ? entry.building.gridId
        : entry?.type === 'places'
          ? entry.gridId
          : entry?.type === 'home'
            ? entry.home.gridId
            : undefined;
  const canWrite = me.permissions.includes('registry:write');

  const refreshParentOf = (gridId: string | undefined) => {
    // Reload the grid's buildings so counts and new entries show.
    const key = gridId === root.id ? rootKey : gridId ? `org:${gridId}` : rootKey;
    const entry = entries.get(key);
    if (entry) loadChildren(key, entry).catch((cause: unknown) => message.error(errorText(locale, cause)));
  };

  let detail: ReactNode;
  if (selectedHome) {
    detail = <HomeDetail homeId={selectedHome} root={root} onChanged={() => undefined} />;
  } else if (selected?.type === 'building' || selected?.type === 'unit') {
    detail = (
      <BuildingDetail
        building={selected.building}
        onAddHome={() =>
          setDialog({
            kind: 'home',
            initial: { gridId: selected.building.gridId, buildingId: selected.building.id, unitId: selected.type === 'unit' ? selected.unitId : undefined },
          })
        }
      />
    );
  } else {
    detail = <Empty description={t('web.homes.chooseInTree')} />;
  }

  return (
    <section aria-labelledby="homes-title">
      <div className="page-header">
        <div>
          <h1 id="homes-title">{t('web.homes.title')}</h1>
          <p className="page-subtitle">{t('web.registry.withinNode', { name: root.name })}</p>
        </div>
        {canWrite ? (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'building', gridId: gridOf(selected) })} data-testid="building-create">
              {t('web.homes.createBuilding')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                const gridId = gridOf(selected);
                const inBuilding = selected?.type === 'building' || selected?.type === 'unit' ? selected.building : undefined;
                setDialog({
                  kind: 'home',
                  initial: {
                    gridId,
                    buildingId: inBuilding?.id,
                    unitId: selected?.type === 'unit' ? selected.unitId : undefined,
                    kind: selected?.type === 'places' ? 'shop' : 'home',
                  },
                });
              }}
              data-testid="home-create"
            >
              {t('web.homes.createHome')}
            </Button>
          </Space>
        ) : null}
      </div>
      {error ? <Alert type="error" showIcon title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xl={8}>
          <Card size="small" title={t('web.homes.tree')} className="homes-tree-card">
            {loaded.length === 0 && !error ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.app.loading')} />
            ) : treeData.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.homes.noBuildings')} />
            ) : (
              <Tree
                showIcon
                blockNode
                treeData={treeData}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                loadedKeys={loaded}
                selectedKeys={selectedKey ? [selectedKey] : []}
                loadData={async (node) => {
                  const key = String(node.key);
                  const entry = entries.get(key);
                  if (!entry) return;
                  try {
                    await loadChildren(key, entry);
                  } catch (cause) {
                    message.error(errorText(locale, cause));
                  } finally {
                    setLoaded((current) => [...current, key]);
                  }
                }}
                onSelect={(keys) => {
                  const key = keys[0] ? String(keys[0]) : null;
                  select(key);
                  if (key && !key.startsWith('home:') && !expanded.includes(key)) setExpanded((current) => [...current, key]);
                }}
                aria-label={t('web.homes.tree')}
                data-testid="homes-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15} xl={16}>
          <div ref={detailRef}>
            <Card size="small">{detail}</Card>
          </div>
        </Col>
      </Row>
      <CreateBuildingModal
        open={dialog?.kind === 'building'}
        root={root}
        initialGridId={dialog?.kind === 'building' ? dialog.gridId : undefined}
        onClose={() => setDialog(null)}
        onCreated={(building) => {
          setDialog(null);
          message.success(t('web.homes.buildingCreated', { name: building.name }));
          refreshParentOf(building.gridId);
        }}
      />
      <HomeFormModal
        open={dialog?.kind === 'home'}
        root={root}
        initial={dialog?.kind === 'home' ? dialog.initial : undefined}
        onClose={() => setDialog(null)}
        onSaved={(home) => {
          setDialog(null);
          message.success(t('web.homes.homeCreated', { address: home.address }));
          const parent = home.unitId ? `unit:${home.unitId}` : home.buildingId ? `building:${home.buildingId}` : `places:${home.gridId}`;
          const entry = entries.get(parent);
          if (entry && loaded.includes(parent)) loadChildren(parent, entry).catch(() => undefined);
          refreshParentOf(home.gridId);
          const next = new URLSearchParams(searchParams);
          next.set('home', home.id);
          setSearchParams(next, { replace: true });
        }}
      />
    </section>
  );
}
