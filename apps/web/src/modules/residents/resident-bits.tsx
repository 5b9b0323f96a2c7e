import { Space, Tag } from 'antd';
import { useLocale } from '../../app/i18n.tsx';
import { codeLabel, tagLabel } from './registry-labels.ts';
import type { ResidentStatus } from './registry-types.ts';
import { useTags } from './use-tags.ts';

const STATUS_COLORS: Record<ResidentStatus, string> = { living: 'green', 'moved-out': 'default', deceased: 'default' };

export function ResidentStatusTag({ status }: { status: ResidentStatus }) {
  const { t } = useLocale();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="resident-status">
      {codeLabel(t, 'status', status)}
    </Tag>
  );
}

/** A resident's tags by name; sensitive ones (health, assistance) in a quieter colour, age tags in blue. */
export function ResidentTags({ codes }: { codes: readonly string[] }) {
  const { locale } = useLocale();
  const tags = useTags();
  return (
    <Space size={[0, 4]} wrap>
      {codes.map((code) => {
        const tag = tags?.find((item) => item.code === code);
        return (
          <Tag key={code} color={tag?.computed ? 'blue' : tag?.sensitive ? 'purple' : 'gold'}>
            {tagLabel(locale, tags, code)}
          </Tag>
        );
      })}
    </Space>
  );
}
