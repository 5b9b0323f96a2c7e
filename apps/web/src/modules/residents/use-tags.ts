import { useAsync } from '../../app/use-async.ts';
import { listTags } from './residents.api.ts';
import type { TagDefinition } from './registry-types.ts';

let cached: Promise<TagDefinition[]> | null = null;

/** The tag list (city-wide, rarely changed): loaded once per page load and shared by every page. */
export function useTags(): TagDefinition[] | undefined {
  const tags = useAsync(() => {
    if (!cached) {
      cached = listTags().then((result) => result.items);
      cached.catch(() => {
        cached = null;
      });
    }
    return cached;
  }, []);
  return tags.data;
}
