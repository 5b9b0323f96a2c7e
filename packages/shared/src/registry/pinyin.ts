import { pinyin } from 'pinyin-pro';

/**
 * The pinyin keys a name is found by: the full spelling and the initials, lower case without
 * tones or spaces (`张三` → `zhangsan`, `zs`). Surnames use their surname reading (单 → shan).
 */
export function pinyinKeys(name: string): { full: string; initials: string } {
  let keys = cache.get(name);
  if (!keys) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    keys = computeKeys(name);
    cache.set(name, keys);
  }
  return keys;
}

/** Names repeat (an import of a city meets the same names again and again): their keys are kept. */
const CACHE_SIZE = 50_000;
const cache = new Map<string, { full: string; initials: string }>();

function computeKeys(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
  return { full: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}
