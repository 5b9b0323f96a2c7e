import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Alert, Button, Input, Space } from 'antd';
import { bboxOf, overlapOf, polygonsOf, rectangle, validateBoundary, type BBox, type BoundaryGeometry, type Position } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';

type Neighbour = { id: string; code: string; name: string; boundary: BoundaryGeometry | null };
/** Polygons → rings → open vertex lists (the closing position is added back on output). */
type Shape = Position[][][];

const K = Math.cos((44.33 * Math.PI) / 180);
const toXY = (p: Position): [number, number] => [p[0] * K, -p[1]];
const fromXY = (x: number, y: number): Position => [Math.round((x / K) * 1e6) / 1e6, Math.round(-y * 1e6) / 1e6];

function toShape(g: BoundaryGeometry): Shape {
  return polygonsOf(g).map((poly) => poly.map((ring) => ring.slice(0, -1).map((p) => [p[0], p[1]] as Position)));
}
function toGeometry(shape: Shape): BoundaryGeometry {
  const polys = shape.map((poly) => poly.map((ring) => [...ring, ring[0]!]));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}
const path = (g: BoundaryGeometry) =>
  polygonsOf(g)
    .flatMap((poly) => poly.map((ring) => 'M' + ring.map((p) => toXY(p).join(',')).join('L') + 'Z'))
    .join(' ');
const fmt = (n: number) => n.toFixed(5);
const boxText = (b: BBox) => `${fmt(b[0])}, ${fmt(b[1])} – ${fmt(b[2])}, ${fmt(b[3])}`;

export type BoundaryEditorProps = {
  boundary: BoundaryGeometry | null;
  neighbours: Neighbour[];
  editable: boolean;
  saving: boolean;
  serverError: string | null;
  onSave: (geometry: BoundaryGeometry) => void;
};

/**
 * A small SVG editor for a grid's boundary: drag vertices, click an edge's midpoint to add one,
 * double-click a vertex to remove it, or edit the GeoJSON. The community's other grids are drawn in
 * grey; the shared rules (validateBoundary, overlapOf) say at once whether the shape is valid and
 * where it overlaps another grid. The server checks the same again when saving.
 */
export function BoundaryEditor({ boundary, neighbours, editable, saving, serverError, onSave }: BoundaryEditorProps) {
  const { t } = useLocale();
  const [shape, setShape] = useState<Shape | null>(() => (boundary ? toShape(boundary) : null));
  const [text, setText] = useState(() => (boundary ? JSON.stringify(boundary) : ''));
  const [textError, setTextError] = useState<string | null>(null);
  const drag = useRef<{ p: number; r: number; i: number } | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  const geometry = shape ? toGeometry(shape) : null;
  const others = neighbours.filter((n): n is Neighbour & { boundary: BoundaryGeometry } => n.boundary !== null);

  // The view: this grid and its neighbours, with a margin.
  const view = useMemo(() => {
    const boxes = [...others.map((n) => bboxOf(n.boundary)), ...(boundary ? [bboxOf(boundary)] : [])];
    const b: BBox = boxes.length
      ? [Math.min(...boxes.map((x) => x[0])), Math.min(...boxes.map((x) => x[1])), Math.max(...boxes.map((x) => x[2])), Math.max(...boxes.map((x) => x[3]))]
      : [85.61, 44.32, 85.63, 44.34];
    const [x0, y1] = toXY([b[0], b[1]]);
    const [x1, y0] = toXY([b[2], b[3]]);
    const m = Math.max(x1 - x0, y1 - y0) * 0.15 || 0.001;
    return { x: x0 - m, y: y0 - m, w: x1 - x0 + 2 * m, h: y1 - y0 + 2 * m, bbox: b };
  }, [others, boundary]);
  const r = Math.max(view.w, view.h) * 0.012;

  const problems = geometry ? validateBoundary(geometry) : [];
  const overlaps = geometry && problems.length === 0 ? others.map((n) => ({ n, o: overlapOf(geometry, n.boundary) })).filter((x) => x.o !== null) : [];

  const update = (next: Shape) => {
    setShape(next);
    setText(JSON.stringify(toGeometry(next)));
    setTextError(null);
  };
  const point = (e: { clientX: number; clientY: number }): Position | null => {
    const el = svg.current;
    const ctm = el?.getScreenCTM();
    if (!el || !ctm) return null;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return fromXY(pt.x, pt.y);
  };
  const onMove = (e: ReactPointerEvent) => {
    if (!drag.current || !shape) return;
    const p = point(e);
    if (!p) return;
    const { p: pi, r: ri, i } = drag.current;
    update(shape.map((poly, a) => poly.map((ring, b) => (a === pi && b === ri ? ring.map((q, c) => (c === i ? p : q)) : ring))));
  };
  const start = () => {
    // A rectangle beside the neighbours (east of them), so it starts clear of every other grid.
    const b = view.bbox;
    const w = Math.max((b[2] - b[0]) / 4, 0.002);
    update(toShape(rectangle(b[2] + w * 0.1, b[1], b[2] + w * 1.1, b[1] + w * 0.8)));
  };
  const applyText = () => {
    try {
      const g = JSON.parse(text) as BoundaryGeometry;
      if (validateBoundary(g).some((p) => p.problem === 'not-polygon' || p.problem === 'bad-position')) throw new Error('shape');
      setShape(toShape(g));
      setTextError(null);
    } catch {
      setTextError(t('web.grids.editor.unparsable'));
    }
  };

  return (
    <div className="boundary-editor" data-testid="boundary-editor">
      {editable ? <p className="page-subtitle">{t('web.grids.editor.help')}</p> : null}
      <svg
        className="boundary-canvas"
        ref={svg}
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        preserveAspectRatio="xMidYMid meet"
        onPointerMove={onMove}
        onPointerUp={() => (drag.current = null)}
        onPointerLeave={() => (drag.current = null)}
        role="img"
        aria-label={t('web.grids.editor.title')}
      >
        {others.map((n) => (
          <g key={n.id}>
            <path className="neighbour" d={path(n.boundary)} strokeWidth={r / 4} fillRule="evenodd">
              <title>{n.name}</title>
            </path>
          </g>
        ))}
        {geometry ? <path className="mine" d={path(geometry)} strokeWidth={r / 3} fillRule="evenodd" data-testid="boundary-shape" /> : null}
        {overlaps.map(({ n, o }) => {
          const [x0, y1] = toXY([o!.bbox[0], o!.bbox[1]]);
          const [x1, y0] = toXY([o!.bbox[2], o!.bbox[3]]);
          return (
            <rect
              key={n.id}
              className="overlap-box"
              x={x0}
              y={y0}
              width={Math.max(x1 - x0, r / 2)}
              height={Math.max(y1 - y0, r / 2)}
              strokeWidth={r / 4}
              data-testid="overlap-box"
            />
          );
        })}
        {editable && shape
          ? shape.map((poly, pi) =>
              poly.map((ring, ri) =>
                ring.map((p, i) => {
                  const q = ring[(i + 1) % ring.length]!;
                  const [x, y] = toXY(p);
                  const [mx, my] = toXY([(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]);
                  return (
                    <g key={`${pi}-${ri}-${i}`}>
                      <circle
                        className="midpoint"
                        cx={mx}
                        cy={my}
                        r={r * 0.6}
                        onClick={() =>
                          update(
                            shape.map((pl, a) =>
                              pl.map((rg, b) =>
                                a === pi && b === ri ? [...rg.slice(0, i + 1), [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2] as Position, ...rg.slice(i + 1)] : rg,
                              ),
                            ),
                          )
                        }
                      />
                      <circle
                        className="vertex"
                        cx={x}
                        cy={y}
                        r={r}
                        strokeWidth={r / 3}
                        data-testid={`vertex-${pi}-${ri}-${i}`}
                        onPointerDown={(e) => {
                          (e.target as Element).setPointerCapture?.(e.pointerId);
                          drag.current = { p: pi, r: ri, i };
                        }}
                        onDoubleClick={() =>
                          ring.length > 3 && update(shape.map((pl, a) => pl.map((rg, b) => (a === pi && b === ri ? rg.filter((_, c) => c !== i) : rg))))
                        }
                      />
                    </g>
                  );
                }),
              ),
            )
          : null}
      </svg>
      <div data-testid="boundary-check" aria-live="polite">
        {!geometry ? <Alert type="info" title={t('web.grids.editor.none')} /> : null}
        {problems.slice(0, 1).map((p) => (
          <Alert key={p.problem} type="error" showIcon title={t('web.grids.editor.invalid', { problem: t(`gridBoundary.${p.problem}`) })} />
        ))}
        {overlaps.map(({ n, o }) => (
          <Alert
            key={n.id}
            type="warning"
            showIcon
            data-testid="overlap-warning"
            title={t('web.grids.editor.overlap', { name: n.name, lon: fmt(o!.at[0]), lat: fmt(o!.at[1]), box: boxText(o!.bbox) })}
          />
        ))}
        {geometry && !problems.length && !overlaps.length ? <Alert type="success" showIcon title={t('web.grids.editor.ok')} /> : null}
        {serverError ? <Alert type="error" showIcon title={serverError} data-testid="boundary-error" /> : null}
      </div>
      {editable ? (
        <>
          <Space wrap style={{ margin: '8px 0' }}>
            {!shape ? <Button onClick={start}>{t('web.grids.editor.draw')}</Button> : null}
            <Button type="primary" disabled={!geometry} loading={saving} onClick={() => geometry && onSave(geometry)} data-testid="boundary-save">
              {t('web.grids.editor.save')}
            </Button>
            <Button
              onClick={() => {
                setShape(boundary ? toShape(boundary) : null);
                setText(boundary ? JSON.stringify(boundary) : '');
              }}
            >
              {t('web.grids.editor.reset')}
            </Button>
          </Space>
          <label>
            {t('web.grids.editor.geojson')}
            <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="boundary-geojson" />
          </label>
          {textError ? <Alert type="error" title={textError} /> : null}
          <Button size="small" onClick={applyText} style={{ marginTop: 4 }} data-testid="boundary-apply">
            {t('web.grids.editor.apply')}
          </Button>
        </>
      ) : null}
    </div>
  );
}
