import { describe, expect, it } from 'vitest';
import { starCatalogProblems } from './star-catalog-rules.ts';
import type { StarCatalogContent, StarDefinition } from '../schemas/stars.ts';

const star = (code: string, departmentCode = 'zzb', indicators = ['a', 'b']): StarDefinition => ({
  code,
  name: code,
  description: '',
  passMark: 80,
  departmentCode,
  surveyQuestion: 'q',
  indicators: indicators.map((c) => ({ code: c, name: c, scoring: 's', weight: 10, source: 'manual' })),
});
const catalog = (...stars: StarDefinition[]): StarCatalogContent => ({ stars });

describe('starCatalogProblems', () => {
  it.each([
    ['a valid catalog', catalog(star('organization'), star('service', 'mzj')), []],
    ['a star twice', catalog(star('organization'), star('organization')), ['/stars/1/code']],
    ['an unknown department', catalog(star('organization', 'nobody')), ['/stars/0/departmentCode']],
    ['an indicator twice in one star', catalog(star('organization', 'zzb', ['a', 'a'])), ['/stars/0/indicators/1/code']],
    ['the same indicator code in two stars', catalog(star('organization'), star('service')), []],
  ] as const)('%s', (_name, content, paths) => {
    expect(starCatalogProblems(content, ['zzb', 'mzj']).map((p) => p.path)).toEqual(paths);
  });
});
