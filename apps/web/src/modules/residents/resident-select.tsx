import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useT } from '../../app/i18n.tsx';
import { listResidents } from './residents.api.ts';
import type { Resident } from './registry-types.ts';

export type ResidentSelectProps = {
  /** The node whose residents are offered. */
  orgId: string;
  value?: string | null;
  onChange?: (id: string | null, resident: Resident | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
};

/** Pick a resident by name, pinyin initials, phone or ID number; searches the server as you type. */
export function ResidentSelect(props: ResidentSelectProps) {
  const t = useT();
  const { orgId } = props;
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Resident[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      listResidents({ orgId, q: search.trim() || undefined, status: 'living', page: 1, pageSize: 20 }, controller.signal)
        .then((list) =>
          setOptions((previous) => {
            const chosen = previous.find((r) => r.id === props.value);
            return chosen && !list.items.some((r) => r.id === chosen.id) ? [chosen, ...list.items] : list.items;
          }),
        )
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, orgId]);

  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      value={props.value ?? undefined}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? t('web.residents.pickPlaceholder')}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onChange={(id: string | undefined) => props.onChange?.(id ?? null, options.find((r) => r.id === id) ?? null)}
      options={options.map((r) => ({
        value: r.id,
        label: t('web.residents.pickOption', { name: r.name, id: r.idNumberMasked ?? t('web.common.empty'), address: r.address ?? r.gridName }),
      }))}
      popupMatchSelectWidth={false}
    />
  );
}
