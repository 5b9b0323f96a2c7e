import { useEffect, useState } from 'react';
import { Select } from 'antd';
import type { User } from '@lingyan/shared';
import { useT } from '../../app/i18n.tsx';
import { listUsers } from './users.api.ts';

export type UserSelectProps = {
  value?: string | null;
  onChange?: (id: string | null, user: User | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  style?: React.CSSProperties;
};

/** Pick a user by typing part of the username or name; searches the server as you type. */
export function UserSelect(props: UserSelectProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<User[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      listUsers({ q: search.trim() || undefined, page: 1, pageSize: 20 }, controller.signal)
        .then((list) => {
          // Keep the chosen user among the options so its label stays visible.
          setOptions((previous) => {
            const chosen = previous.find((user) => user.id === props.value);
            return chosen && !list.items.some((user) => user.id === chosen.id) ? [chosen, ...list.items] : list.items;
          });
        })
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
  }, [search]);

  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      style={props.style}
      value={props.value ?? undefined}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? t('web.assignments.userSearch')}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onChange={(id: string | undefined) => {
        const user = options.find((option) => option.id === id) ?? null;
        props.onChange?.(id ?? null, user);
      }}
      options={options.map((user) => ({ value: user.id, label: t('web.users.nameWithUsername', { name: user.displayName, username: user.username }) }))}
      popupMatchSelectWidth={false}
    />
  );
}
