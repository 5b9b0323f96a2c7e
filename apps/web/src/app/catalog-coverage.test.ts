import { describe, expect, it } from 'vitest';
import { catalog, PERMISSIONS } from '@lingyan/shared';

// Every source file of the web app as text (Vite's glob, so no Node APIs in the browser project).
const sources = Object.entries(import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}'], { query: '?raw', import: 'default', eager: true }));

describe('the web texts', () => {
  it('are read from every source file', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('use only keys that the catalog has', () => {
    const missing: string[] = [];
    for (const [file, text] of sources) {
      for (const match of text.matchAll(/\bt\(\s*'(web\.[\w.:-]+)'/g)) {
        if (!catalog[match[1]!]) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('have a text for every permission the roles page lists', () => {
    expect(PERMISSIONS.filter((p) => !catalog[`web.permission.${p}`])).toEqual([]);
  });

  it('keep Chinese out of the code: every user-visible word goes through the catalog', () => {
    const offenders: string[] = [];
    for (const [file, text] of sources) {
      text.split('\n').forEach((line, i) => {
        if (/[\u4e00-\u9fff]/.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line)) offenders.push(`${file}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
