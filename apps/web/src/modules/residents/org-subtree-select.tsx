import { useCallback, useMemo, useState, type CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import type { OrgNode } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { OrgKindTag } from '../orgs/org-kind-tag.tsx';
import { listOrgs } from '../orgs/orgs.api.ts';

type TreeItem = { value: string; label: string; title: React.ReactNode; isLeaf: boolean; selectable: boolean; children?: TreeItem[] };

export type OrgSubtreeSelectProps = {
  /** The node whose subtree is offered (the node chosen in the header). */
  root: OrgRef;
  value?: string | null;
  onChange?: (id: string | null) => void;
  /** Only grids can be chosen (where residents and homes are recorded). */
  gridsOnly?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  style?: CSSProperties;
  className?: string;
  disabled?: boolean;
};

/** Picks a node at or below `root`, loading children as they are opened. */
export function OrgSubtreeSelect(props: OrgSubtreeSelectProps) {
  const { root, value, onChange, gridsOnly, allowClear, placeholder, style, className, disabled } = props;
  const { t } = useLocale();
  const [children, setChildren] = useState<Record<string, OrgNode[]>>({});
  const [expanded, setExpanded] = useState<string[]>(root.kind === 'grid' ? [] : [root.id]);

  const names = useMemo(() => {
    const map = new Map<string, string>([[root.id, root.name]]);
    for (const list of Object.values(children)) for (const node of list) map.set(node.id, node.name);
    return map;
  }, [root, children]);

  const treeData = useMemo(() => {
    const title = (name: string, kind: OrgRef['kind']) => (
      <span className="org-option">
        <span className="org-option-name">{name}</span>
        <OrgKindTag kind={kind} />
      </span>
    );
    const build = (node: OrgNode): TreeItem => ({
      value: node.id,
      label: node.name,
      title: title(node.name, node.kind),
      isLeaf: node.childCount === 0 || node.kind === 'grid',
      selectable: !gridsOnly || node.kind === 'grid',
      children: children[node.id]?.map(build),
    });
    return [
      {
        value: root.id,
        label: root.name,
        title: title(root.name, root.kind),
        isLeaf: root.kind === 'grid',
        selectable: !gridsOnly || root.kind === 'grid',
        children: children[root.id]?.map(build),
      },
    ];
  }, [root, children, gridsOnly]);

  const loadData = useCallback(async (dataNode: { value?: string | number }) => {
    const parentId = String(dataNode.value);
    const list = await listOrgs(parentId);
    setChildren((current) => ({ ...current, [parentId]: list }));
  }, []);

  const labeledValue = value ? { value, label: names.get(value) ?? value } : undefined;
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      className={className}
      style={style}
      disabled={disabled}
      labelInValue
      value={labeledValue}
      treeData={treeData}
      loadData={loadData}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      treeNodeLabelProp="label"
      showSearch={{ treeNodeFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('web.registry.chooseNode')}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 260, maxWidth: '95vw' } } }}
      onChange={(selected: { value: string | number } | undefined) => onChange?.(selected ? String(selected.value) : null)}
    />
  );
}
