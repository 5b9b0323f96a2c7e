import { useEffect, useRef } from 'react';
// Only the parts of ECharts the map uses. No map service: the boundaries are the map (registerMap).
import { init, registerMap, use as registerChartParts, type ECharts } from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { AriaComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { GridMap } from '@lingyan/shared';

registerChartParts([MapChart, TooltipComponent, VisualMapComponent, AriaComponent, CanvasRenderer]);

export type GridMapProps = {
  map: GridMap;
  ariaLabel: string;
  format: (value: number | null) => string;
  onOpen: (gridId: string) => void;
};

let serial = 0;

/**
 * The grids drawn from their boundaries, coloured by the map's figure. Each region is named by
 * the grid id; the tooltip shows the grid's name and value. After drawing, each grid's pixel centre
 * is written to `data-centres` (so a test or an assistive script can point at a grid).
 */
export function GridMapChart({ map, ariaLabel, format, onOpen }: GridMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  useEffect(() => {
    if (!box.current) return;
    const instance = init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => {
      if (typeof p.name === 'string' && p.name) open.current(p.name);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const drawn = map.features.filter((f) => f.geometry);
    const name = `lingyan-grids-${++serial}`;
    registerMap(name, {
      type: 'FeatureCollection',
      features: drawn.map((f) => ({ type: 'Feature', properties: { name: f.id }, geometry: f.geometry })),
    } as never);
    const values = drawn.map((f) => f.properties.value).filter((v): v is number => v !== null);
    const byId = new Map(map.features.map((f) => [f.id, f.properties]));
    const max = map.figure === 'coverage' ? 1 : Math.max(1, ...values);
    instance.setOption(
      {
        aria: { enabled: true },
        tooltip: {
          trigger: 'item',
          formatter: (p: { name: string }) => {
            const g = byId.get(p.name);
            return g ? `${g.name}<br/>${g.code}<br/>${format(g.value)}` : '';
          },
        },
        visualMap: {
          min: 0,
          max,
          calculable: false,
          text: [format(max), format(0)],
          itemHeight: 160,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          inRange: { color: map.figure === 'events' ? ['#fff7e6', '#d4380d'] : ['#e6f4ff', '#0958d9'] },
          formatter: (v: number) => format(v),
        },
        series: [
          {
            type: 'map',
            map: name,
            roam: true,
            // Degrees are not square this far north: keep the grids' real proportions.
            aspectScale: Math.cos((44.33 * Math.PI) / 180),
            label: { show: drawn.length <= 12, formatter: (p: { name: string }) => byId.get(p.name)?.name ?? '', fontSize: 10 },
            itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
            emphasis: { itemStyle: { areaColor: '#ffd666' }, label: { show: true } },
            selectedMode: false,
            data: drawn.map((f) => ({ name: f.id, value: f.properties.value ?? undefined })),
          },
        ],
      },
      { notMerge: true },
    );
    // Where each grid's centre lies on screen, once the chart has laid itself out.
    const centres = () => {
      const out: Record<string, [number, number]> = {};
      for (const f of drawn) {
        const ring = f.geometry!.type === 'Polygon' ? f.geometry!.coordinates[0]! : f.geometry!.coordinates[0]![0]!;
        const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
        const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
        const px = instance.convertToPixel({ seriesIndex: 0 }, [lon, lat]) as number[] | undefined;
        if (px) out[f.id] = [Math.round(px[0]!), Math.round(px[1]!)];
      }
      box.current?.setAttribute('data-centres', JSON.stringify(out));
    };
    instance.on('finished', centres);
    return () => {
      instance.off('finished', centres);
    };
  }, [map, format]);

  return <div ref={box} className="grid-map-box" role="img" aria-label={ariaLabel} data-testid="grid-map" data-figure={map.figure} />;
}
