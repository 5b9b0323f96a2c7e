import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useT } from '../../app/i18n.tsx';
import type { Home } from '../residents/registry-types.ts';
import { listHomes } from './homes.api.ts';

export type HomeSelectProps = {
  /** The node (usually a grid) whose homes are offered; nothing is offered without one. */
  orgId: string | null | undefined;
  value?: string | null;
  /** The label of the chosen home when it is not among the loaded options (e.g. editing). */
  valueLabel?: string | null;
  onChange?: (id: string | null, home: Home | null) => void;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  disabled?: boolean;
};

/** Pick a home of a grid by typing part of its address; searches the server as you type. */
export function HomeSelect(props: HomeSelectProps) {
  const t = useT();
  const { orgId } = props;
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Home[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!orgId) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      listHomes({ orgId, q: search.trim() || undefined, page: 1, pageSize: 30 }, controller.signal)
        .then((list) => setOptions(list.items))
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [search, orgId]);

  const chosenMissing = props.value && !options.some((home) => home.id === props.value);
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      value={props.value ?? undefined}
      allowClear
      disabled={props.disabled || !orgId}
      placeholder={props.placeholder ?? t('web.homes.searchPlaceholder')}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onChange={(id: string | undefined) => props.onChange?.(id ?? null, options.find((home) => home.id === id) ?? null)}
      options={[
        ...(chosenMissing ? [{ value: props.value!, label: props.valueLabel ?? props.value! }] : []),
        ...options.map((home) => ({ value: home.id, label: home.address })),
      ]}
      popupMatchSelectWidth={false}
    />
  );
}
