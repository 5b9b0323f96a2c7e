import { describe, expect, it } from 'vitest';
import { findOverlaps, overlapOf, pointSide, rectangle, validateBoundary, type BoundaryGeometry, type Position } from './geometry.ts';
import { gridCode, isGridCodeOf, nextGridSequence, parseGridCode } from './grid-code.ts';

const poly = (...ring: Position[]): BoundaryGeometry => ({ type: 'Polygon', coordinates: [ring] });

describe('grid codes', () => {
  it('is the community code and a three-digit sequence', () => {
    expect(gridCode('654203002009', 1)).toBe('654203002009001');
    expect(gridCode('654203002009', 42)).toBe('654203002009042');
    expect(() => gridCode('65420300200', 1)).toThrow();
    expect(() => gridCode('654203002009', 0)).toThrow();
    expect(() => gridCode('654203002009', 1000)).toThrow();
  });
  it('parses and checks codes', () => {
    expect(parseGridCode('654203002009007')).toEqual({ communityCode: '654203002009', sequence: 7 });
    expect(parseGridCode('654203002009000')).toBeNull();
    expect(parseGridCode('65420300200900')).toBeNull();
    expect(isGridCodeOf('654203002009007', '654203002009')).toBe(true);
    expect(isGridCodeOf('654203002010007', '654203002009')).toBe(false);
  });
  it('finds the smallest free sequence', () => {
    expect(nextGridSequence([])).toBe(1);
    expect(nextGridSequence(['654203002009001', '654203002009003'])).toBe(2);
  });
});

describe('validateBoundary', () => {
  it('accepts a closed square and a multipolygon of two apart squares', () => {
    expect(validateBoundary(rectangle(85.6, 44.3, 85.61, 44.31))).toEqual([]);
    const multi = { type: 'MultiPolygon', coordinates: [rectangle(0, 0, 1, 1).coordinates, rectangle(2, 0, 3, 1).coordinates] };
    expect(validateBoundary(multi)).toEqual([]);
  });
  it('accepts a polygon with a hole inside', () => {
    const g = { type: 'Polygon', coordinates: [rectangle(0, 0, 10, 10).coordinates[0], (rectangle(2, 2, 4, 4).coordinates as Position[][])[0]] };
    expect(validateBoundary(g)).toEqual([]);
  });
  it('refuses what is not a polygon', () => {
    expect(validateBoundary({ type: 'Point', coordinates: [1, 2] })[0]!.problem).toBe('not-polygon');
    expect(validateBoundary(null)[0]!.problem).toBe('not-polygon');
    expect(validateBoundary({ type: 'Polygon', coordinates: [] })[0]!.problem).toBe('not-polygon');
  });
  it('refuses open rings, short rings, bad and out-of-range positions', () => {
    expect(validateBoundary(poly([0, 0], [1, 0], [1, 1], [0, 1]))[0]!.problem).toBe('not-closed');
    expect(validateBoundary(poly([0, 0], [1, 0], [0, 0]))[0]!.problem).toBe('too-few-positions');
    expect(validateBoundary(poly([0, 0], [1, 0], [1, 0], [0, 0]))[0]!.problem).toBe('too-few-positions');
    expect(validateBoundary(poly([0, 0], [1, 0], ['x' as unknown as number, 1], [0, 0]))[0]!.problem).toBe('bad-position');
    expect(validateBoundary(poly([0, 0], [181, 0], [1, 1], [0, 0]))[0]).toMatchObject({ problem: 'out-of-range', at: [181, 0] });
    expect(validateBoundary(poly([0, 0], [1, 0], [1, 91], [0, 0]))[0]!.problem).toBe('out-of-range');
  });
  it('refuses a self-intersecting ring (bow tie) and says where', () => {
    const [p] = validateBoundary(poly([0, 0], [2, 2], [2, 0], [0, 2], [0, 0]));
    expect(p!.problem).toBe('self-intersection');
    expect(p!.at![0]).toBeCloseTo(1);
    expect(p!.at![1]).toBeCloseTo(1);
  });
  it('refuses a ring that folds back on itself or touches itself', () => {
    expect(validateBoundary(poly([0, 0], [2, 0], [1, 0], [1, 1], [0, 0]))[0]!.problem).toBe('self-intersection');
    // A ring passing twice through (1, 1).
    expect(validateBoundary(poly([0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]))[0]!.problem).toBe('self-intersection');
  });
  it('refuses a hole outside its ring and overlapping parts', () => {
    const g = { type: 'Polygon', coordinates: [rectangle(0, 0, 1, 1).coordinates[0], (rectangle(5, 5, 6, 6).coordinates as Position[][])[0]] };
    expect(validateBoundary(g)[0]!.problem).toBe('hole-outside');
    const multi = { type: 'MultiPolygon', coordinates: [rectangle(0, 0, 2, 2).coordinates, rectangle(1, 1, 3, 3).coordinates] };
    expect(validateBoundary(multi)[0]!.problem).toBe('parts-overlap');
  });
});

describe('overlaps', () => {
  it('edges or corners touching are not overlaps', () => {
    expect(overlapOf(rectangle(0, 0, 1, 1), rectangle(1, 0, 2, 1))).toBeNull();
    expect(overlapOf(rectangle(0, 0, 1, 1), rectangle(1, 1, 2, 2))).toBeNull();
    expect(overlapOf(rectangle(0, 0, 1, 1), rectangle(1, 0.25, 2, 0.75))).toBeNull();
    expect(overlapOf(rectangle(0, 0, 1, 1), rectangle(5, 5, 6, 6))).toBeNull();
  });
  it('crossing rectangles overlap, with a point inside both and the shared box', () => {
    const o = overlapOf(rectangle(0, 0, 2, 2), rectangle(1, 1, 3, 3))!;
    expect(o).not.toBeNull();
    expect(pointSide(o.at, rectangle(0, 0, 2, 2))).toBe(1);
    expect(pointSide(o.at, rectangle(1, 1, 3, 3))).toBe(1);
    expect(o.bbox).toEqual([1, 1, 2, 2]);
  });
  it('one inside the other, identical ones, and ones sharing a side but overlapping', () => {
    expect(overlapOf(rectangle(0, 0, 10, 10), rectangle(2, 2, 3, 3))?.bbox).toEqual([2, 2, 3, 3]);
    expect(overlapOf(rectangle(0, 0, 1, 1), rectangle(0, 0, 1, 1))?.bbox).toEqual([0, 0, 1, 1]);
    expect(overlapOf(rectangle(0, 0, 2, 2), rectangle(0, 1, 2, 3))?.bbox).toEqual([0, 1, 2, 2]);
    // Same outline as a square minus nothing, split into a triangle inside the square: overlap.
    expect(overlapOf(rectangle(0, 0, 2, 2), poly([0, 0], [2, 0], [2, 2], [0, 0]))).not.toBeNull();
  });
  it('a grid inside another grid’s hole does not overlap it', () => {
    const ring = {
      type: 'Polygon',
      coordinates: [rectangle(0, 0, 10, 10).coordinates[0], (rectangle(2, 2, 4, 4).coordinates as Position[][])[0]],
    } as BoundaryGeometry;
    expect(overlapOf(ring, rectangle(2, 2, 4, 4))).toBeNull();
    expect(overlapOf(ring, rectangle(3, 3, 5, 5))).not.toBeNull();
  });
  it('finds every overlapping pair among a community’s grids by key', () => {
    const grids = [
      { key: 'g1', geometry: rectangle(0, 0, 1, 1) },
      { key: 'g2', geometry: rectangle(1, 0, 2, 1) },
      { key: 'g3', geometry: rectangle(1.5, 0.5, 2.5, 1.5) },
      { key: 'g4', geometry: rectangle(0, 1, 1, 2) },
    ];
    expect(findOverlaps(grids).map((o) => [o.a, o.b])).toEqual([['g2', 'g3']]);
  });
});
