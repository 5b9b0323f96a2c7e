import { describe, expect, it } from 'vitest';
import { summaryFieldsFor } from './summary-fields.ts';

describe('overview counts', () => {
  it('show only what can lie below a node of each kind', () => {
    expect(summaryFieldsFor('city')).toEqual(['townships', 'communities', 'villages', 'grids', 'users']);
    expect(summaryFieldsFor('township')).toEqual(['communities', 'villages', 'grids', 'users']);
    expect(summaryFieldsFor('community')).toEqual(['grids', 'users']);
    expect(summaryFieldsFor('grid')).toEqual(['users']);
  });
});
