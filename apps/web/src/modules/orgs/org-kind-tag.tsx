import { Tag } from 'antd';
import type { OrgKind } from '@lingyan/shared';
import { useT } from '../../app/i18n.tsx';

const KIND_COLORS: Record<OrgKind, string> = {
  city: 'red',
  township: 'orange',
  community: 'blue',
  village: 'green',
  grid: 'default',
};

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const t = useT();
  return (
    <Tag color={KIND_COLORS[kind]} className="org-kind-tag" variant="filled">
      {t(`orgKind.${kind}`)}
    </Tag>
  );
}
