import { describe, expect, it } from 'vitest';
import { escapeXml, toXml } from './xml.ts';

describe('XML writer', () => {
  it('escapes the five special characters and drops what XML cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('x\u0000\u0001\u000by\uFFFE\uD800z\t\n')).toBe('xyz\t\n');
    expect(escapeXml('汉字 😀')).toBe('汉字 😀');
  });

  it('maps arrays to repeated item elements and null to empty elements', () => {
    expect(toXml('services', [{ service_code: 'A', metadata: false, group: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<services>\n  <service>\n    <service_code>A</service_code>\n    <metadata>false</metadata>\n    <group></group>\n  </service>\n</services>\n',
    );
    expect(toXml('service_definition', { service_code: 'A', attributes: [] })).toContain('<attributes></attributes>');
    expect(() => toXml('bad name', 'x')).toThrow();
    expect(() => toXml('things', [1])).toThrow(/item element/);
  });
});
