/**
 * Plane geometry for grid boundaries (GeoJSON Polygon / MultiPolygon in WGS84 lon/lat). Grids are a
 * few hundred metres across, so treating degrees as plane coordinates is exact enough for "do two
 * boundaries overlap?" — the answer only depends on the order of points, not on distances.
 */
export type Position = [number, number, ...number[]];
export type PolygonCoords = Position[][];
export type BoundaryGeometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Why a geometry is not a usable boundary; `at` is where (lon/lat) when there is a place to point at. */
export type GeometryProblem = {
  problem: 'not-polygon' | 'bad-position' | 'out-of-range' | 'too-few-positions' | 'not-closed' | 'self-intersection' | 'hole-outside' | 'parts-overlap';
  at?: Position;
  /** Polygon index (MultiPolygon) and ring index (0 = outer) of the problem, when it has one. */
  polygon?: number;
  ring?: number;
};

const EPS = 1e-12;

function cross(o: Position, a: Position, b: Position): number {
  const v = (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  return Math.abs(v) <= EPS ? 0 : v;
}
const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** q lies on segment pr, given p, q, r collinear. */
function within(p: Position, q: Position, r: Position): boolean {
  return Math.min(p[0], r[0]) - EPS <= q[0] && q[0] <= Math.max(p[0], r[0]) + EPS && Math.min(p[1], r[1]) - EPS <= q[1] && q[1] <= Math.max(p[1], r[1]) + EPS;
}

/** Segments ab and cd share at least one point. */
export function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && within(c, a, d)) || (d2 === 0 && within(c, b, d)) || (d3 === 0 && within(a, c, b)) || (d4 === 0 && within(a, d, b));
}

/** Where ab and cd cross in their interiors (not at an end, not collinear), or null. */
export function properCrossing(a: Position, b: Position, c: Position, d: Position): Position | null {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (!(((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))) return null;
  const t = d1 / (d1 - d2);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** The parameters t in (0, 1) at which segment ab meets segment cd (crossings and collinear overlaps' ends). */
function cutsOn(a: Position, b: Position, c: Position, d: Position): number[] {
  const out: number[] = [];
  const p = properCrossing(a, b, c, d);
  const len2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
  const param = (q: Position) => ((q[0] - a[0]) * (b[0] - a[0]) + (q[1] - a[1]) * (b[1] - a[1])) / len2;
  if (p) out.push(param(p));
  for (const q of [c, d]) if (cross(a, b, q) === 0 && within(a, q, b)) out.push(param(q));
  return out.filter((t) => t > 1e-9 && t < 1 - 1e-9);
}

/** Closed rings without repeated consecutive positions (the closing position kept). */
function cleanRing(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) if (!out.length || !same(out[out.length - 1]!, p)) out.push(p);
  return out;
}

function* segments(ring: Position[]): Generator<[Position, Position]> {
  for (let i = 0; i + 1 < ring.length; i++) yield [ring[i]!, ring[i + 1]!];
}

/** -1 outside, 0 on the boundary, 1 strictly inside one ring (ray casting). */
function ringSide(p: Position, ring: Position[]): -1 | 0 | 1 {
  let inside = false;
  for (const [a, b] of segments(ring)) {
    if (cross(a, b, p) === 0 && within(a, p, b)) return 0;
    if (a[1] > p[1] !== b[1] > p[1]) {
      const x = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (p[0] < x) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/** -1 outside, 0 on the boundary, 1 strictly inside a polygon with holes. */
function polygonSide(p: Position, polygon: PolygonCoords): -1 | 0 | 1 {
  const outer = ringSide(p, polygon[0]!);
  if (outer !== 1) return outer;
  for (const hole of polygon.slice(1)) {
    const s = ringSide(p, hole);
    if (s === 0) return 0;
    if (s === 1) return -1;
  }
  return 1;
}

export function polygonsOf(g: BoundaryGeometry): PolygonCoords[] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** -1 outside, 0 on the boundary, 1 strictly inside a Polygon or MultiPolygon. */
export function pointSide(p: Position, g: BoundaryGeometry | PolygonCoords[]): -1 | 0 | 1 {
  const polys = Array.isArray(g) ? g : polygonsOf(g);
  let best: -1 | 0 | 1 = -1;
  for (const poly of polys) {
    const s = polygonSide(p, poly);
    if (s === 1) return 1;
    if (s === 0) best = 0;
  }
  return best;
}

export function bboxOf(g: BoundaryGeometry | PolygonCoords[]): BBox {
  const polys = Array.isArray(g) ? g : polygonsOf(g);
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys) for (const ring of poly) for (const p of ring) extend(box, p);
  return box;
}
function extend(box: BBox, p: Position): void {
  box[0] = Math.min(box[0], p[0]);
  box[1] = Math.min(box[1], p[1]);
  box[2] = Math.max(box[2], p[0]);
  box[3] = Math.max(box[3], p[1]);
}
const boxesMeet = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

/**
 * Checks a GeoJSON geometry as a grid boundary: a Polygon or MultiPolygon whose rings are closed,
 * have at least four positions, lie in lon −180…180 / lat −90…90, do not cross themselves or each
 * other, whose holes lie inside their outer ring, and whose parts do not overlap. Returns the
 * problems found (empty when the boundary is usable).
 */
export function validateBoundary(geometry: unknown): GeometryProblem[] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return [{ problem: 'not-polygon' }];
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  if (polys.length === 0) return [{ problem: 'not-polygon' }];
  const problems: GeometryProblem[] = [];
  polys.forEach((poly, pi) => {
    const where = g.type === 'MultiPolygon' ? { polygon: pi } : {};
    if (!Array.isArray(poly) || poly.length === 0) return void problems.push({ problem: 'not-polygon', ...where });
    const rings: Position[][] = [];
    poly.forEach((ring: unknown, ri) => {
      if (!Array.isArray(ring)) return void problems.push({ problem: 'not-polygon', ...where, ring: ri });
      const bad = ring.find((p) => !isPosition(p));
      if (bad !== undefined) return void problems.push({ problem: 'bad-position', ...where, ring: ri });
      const out = (ring as Position[]).find((p) => p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90);
      if (out) return void problems.push({ problem: 'out-of-range', at: [out[0], out[1]], ...where, ring: ri });
      if (ring.length < 4) return void problems.push({ problem: 'too-few-positions', ...where, ring: ri });
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (!same(first, last)) return void problems.push({ problem: 'not-closed', at: [first[0], first[1]], ...where, ring: ri });
      const clean = cleanRing((ring as Position[]).map((p) => [p[0], p[1]]));
      if (clean.length < 4) return void problems.push({ problem: 'too-few-positions', ...where, ring: ri });
      const at = selfIntersection(clean);
      if (at) return void problems.push({ problem: 'self-intersection', at, ...where, ring: ri });
      rings.push(clean);
    });
    if (rings.length !== poly.length) return;
    // Rings of one polygon may not cross each other, and each hole lies inside the outer ring.
    for (let i = 0; i < rings.length; i++)
      for (let j = i + 1; j < rings.length; j++) {
        const at = ringsCross(rings[i]!, rings[j]!);
        if (at) problems.push({ problem: 'self-intersection', at, ...where, ring: j });
      }
    rings.slice(1).forEach((hole, hi) => {
      if (hole.some((p) => ringSide(p, rings[0]!) === -1)) problems.push({ problem: 'hole-outside', at: hole[0]!, ...where, ring: hi + 1 });
    });
  });
  if (problems.length === 0 && g.type === 'MultiPolygon') {
    const parts = (g.coordinates as PolygonCoords[]).map((p) => p.map((r) => cleanRing(r.map((q) => [q[0], q[1]] as Position))));
    for (let i = 0; i < parts.length; i++)
      for (let j = i + 1; j < parts.length; j++) {
        const o = overlapOf([parts[i]!], [parts[j]!]);
        if (o) problems.push({ problem: 'parts-overlap', at: o.at, polygon: j });
      }
  }
  return problems;
}

/** Where a closed ring touches itself other than at neighbouring segments' shared point. */
function selfIntersection(ring: Position[]): Position | null {
  const n = ring.length - 1; // segments
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    for (let j = i + 1; j < n; j++) {
      const c = ring[j]!;
      const d = ring[j + 1]!;
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) {
        // Neighbours share one point; they may not fold back over each other.
        const shared = j === i + 1 ? b : a;
        const other1 = j === i + 1 ? a : b;
        const other2 = j === i + 1 ? d : c;
        if (cross(shared, other1, other2) === 0 && (other1[0] - shared[0]) * (other2[0] - shared[0]) + (other1[1] - shared[1]) * (other2[1] - shared[1]) > 0)
          return shared;
        continue;
      }
      if (segmentsTouch(a, b, c, d)) return properCrossing(a, b, c, d) ?? touchPoint(a, b, c, d);
    }
  }
  return null;
}
function touchPoint(a: Position, b: Position, c: Position, d: Position): Position {
  for (const [p, q, r] of [
    [c, a, d],
    [c, b, d],
    [a, c, b],
    [a, d, b],
  ] as const)
    if (cross(p, r, q) === 0 && within(p, q, r)) return q;
  return a;
}
function ringsCross(r1: Position[], r2: Position[]): Position | null {
  for (const [a, b] of segments(r1))
    for (const [c, d] of segments(r2)) {
      const p = properCrossing(a, b, c, d);
      if (p) return p;
    }
  return null;
}

export type Overlap = {
  /** A point inside both boundaries. */
  at: Position;
  /** The bounding box of the area the two boundaries share (approximate). */
  bbox: BBox;
};

/**
 * Whether two boundaries share area (touching edges or corners is not an overlap), and roughly
 * where. Each boundary's edges are cut where they meet the other's; a piece lying strictly inside
 * the other boundary, or a shared piece with both insides on the same side, is shared area.
 */
export function overlapOf(a: BoundaryGeometry | PolygonCoords[], b: BoundaryGeometry | PolygonCoords[]): Overlap | null {
  const pa = Array.isArray(a) ? a : polygonsOf(a);
  const pb = Array.isArray(b) ? b : polygonsOf(b);
  if (!boxesMeet(bboxOf(pa), bboxOf(pb))) return null;
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const found: { at: Position | null } = { at: null };
  const mark = (p: Position, q: Position, inner: Position) => {
    extend(box, p);
    extend(box, q);
    found.at ??= inner;
  };
  const sweep = (from: PolygonCoords[], other: PolygonCoords[]) => {
    const otherSegs: [Position, Position][] = [];
    for (const poly of other) for (const ring of poly) for (const s of segments(ring)) otherSegs.push(s);
    for (const poly of from)
      for (const ring of poly)
        for (const [p, q] of segments(ring)) {
          if (same(p, q)) continue;
          const ts = [0, 1];
          for (const [c, d] of otherSegs) ts.push(...cutsOn(p, q, c, d));
          ts.sort((x, y) => x - y);
          for (let k = 0; k + 1 < ts.length; k++) {
            const t0 = ts[k]!;
            const t1 = ts[k + 1]!;
            if (t1 - t0 < 1e-9) continue;
            const s: Position = [p[0] + t0 * (q[0] - p[0]), p[1] + t0 * (q[1] - p[1])];
            const e: Position = [p[0] + t1 * (q[0] - p[0]), p[1] + t1 * (q[1] - p[1])];
            const m: Position = [(s[0] + e[0]) / 2, (s[1] + e[1]) / 2];
            const side = pointSide(m, other);
            if (side === -1) continue;
            // Look a hair to each side of the piece for a point inside both boundaries.
            const len = Math.hypot(e[0] - s[0], e[1] - s[1]);
            const h = Math.max(len * 1e-4, 1e-9);
            const nx = (-(e[1] - s[1]) / len) * h;
            const ny = ((e[0] - s[0]) / len) * h;
            const probe = (
              [
                [m[0] + nx, m[1] + ny],
                [m[0] - nx, m[1] - ny],
              ] as Position[]
            ).find((x) => pointSide(x, from) === 1 && pointSide(x, other) === 1);
            // A piece strictly inside the other is shared area; a shared piece only when an inside is on the same side.
            if (probe) mark(s, e, probe);
            else if (side === 1) mark(s, e, m);
          }
        }
  };
  sweep(pa, pb);
  sweep(pb, pa);
  return found.at ? { at: found.at, bbox: box } : null;
}

export type GridOverlap<K> = { a: K; b: K } & Overlap;

/** Every pair of boundaries that overlaps, among a community's grids (keys name the grids). */
export function findOverlaps<K>(items: { key: K; geometry: BoundaryGeometry }[]): GridOverlap<K>[] {
  const boxes = items.map((i) => bboxOf(i.geometry));
  const out: GridOverlap<K>[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      if (!boxesMeet(boxes[i]!, boxes[j]!)) continue;
      const o = overlapOf(items[i]!.geometry, items[j]!.geometry);
      if (o) out.push({ a: items[i]!.key, b: items[j]!.key, ...o });
    }
  return out;
}

/** A rectangle as a closed GeoJSON ring (counter-clockwise), e.g. for demo boundaries. */
export function rectangle(minLon: number, minLat: number, maxLon: number, maxLat: number): BoundaryGeometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}
