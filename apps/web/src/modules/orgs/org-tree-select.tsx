import { useCallback, useMemo, useState, type CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import type { OrgKind, OrgNode } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { listOrgs } from './orgs.api.ts';
import { OrgKindTag } from './org-kind-tag.tsx';

export type OrgRef = { id: string; name: string; kind: OrgKind };

const MAX_ROOTS_OPENED = 3;

type TreeItem = { value: string; label: string; title: React.ReactNode; isLeaf: boolean; children?: TreeItem[] };

export type OrgTreeSelectProps = {
  value?: string | null;
  /** Name to show for a value whose node is not loaded yet (e.g. remembered from an earlier visit). */
  valueLabel?: string;
  onChange?: (id: string | null, node: OrgRef | null) => void;
  onRootsLoaded?: (roots: OrgNode[]) => void;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  style?: CSSProperties;
  className?: string;
};

/**
 * The org-node picker: starts at the caller's scope (GET /orgs without a parent) and loads the
 * children of a node when it is opened, so the server's scope is the only scope.
 */
export function OrgTreeSelect(props: OrgTreeSelectProps) {
  const { value, valueLabel, onChange, onRootsLoaded, allowClear, placeholder, style, className } = props;
  const { t } = useLocale();
  const [children, setChildren] = useState<Record<string, OrgNode[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);

  const roots = useAsync(async (signal) => {
    const nodes = await listOrgs(undefined, signal);
    // A small scope opens at its first level, so a community leader sees their grids at once.
    if (nodes.length <= MAX_ROOTS_OPENED) setExpanded(nodes.filter((node) => node.childCount > 0).map((node) => node.id));
    onRootsLoaded?.(nodes);
    return nodes;
  }, []);

  const nodesById = useMemo(() => {
    const map = new Map<string, OrgNode>();
    for (const node of roots.data ?? []) map.set(node.id, node);
    for (const list of Object.values(children)) for (const node of list) map.set(node.id, node);
    return map;
  }, [roots.data, children]);

  const treeData = useMemo(() => {
    const build = (node: OrgNode): TreeItem => ({
      value: node.id,
      label: node.name,
      title: (
        <span className="org-option" data-testid="org-option">
          <span className="org-option-name">{node.name}</span>
          <OrgKindTag kind={node.kind} />
        </span>
      ),
      isLeaf: node.childCount === 0,
      children: children[node.id]?.map(build),
    });
    return (roots.data ?? []).map(build);
  }, [roots.data, children]);

  const loadData = useCallback(async (dataNode: { value?: string | number }) => {
    const parentId = String(dataNode.value);
    const list = await listOrgs(parentId);
    setChildren((current) => ({ ...current, [parentId]: list }));
  }, []);

  const labeledValue = value ? { value, label: nodesById.get(value)?.name ?? valueLabel ?? value } : undefined;

  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      className={className}
      style={style}
      labelInValue
      value={labeledValue}
      treeData={treeData}
      loadData={loadData}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      treeNodeLabelProp="label"
      showSearch={{ treeNodeFilterProp: 'label' }}
      allowClear={allowClear}
      loading={roots.loading}
      placeholder={placeholder ?? t('web.header.orgPickerPlaceholder')}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 260, maxWidth: '95vw' } } }}
      onChange={(selected: { value: string | number } | undefined) => {
        if (!selected) {
          onChange?.(null, null);
          return;
        }
        const id = String(selected.value);
        const node = nodesById.get(id);
        onChange?.(id, node ? { id: node.id, name: node.name, kind: node.kind } : null);
      }}
    />
  );
}
