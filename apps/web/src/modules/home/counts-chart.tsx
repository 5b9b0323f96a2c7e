import { useEffect, useRef } from 'react';
// Only the parts of ECharts this chart uses, so the bundle stays small.
import { init, use as registerChartParts, type ComposeOption, type ECharts } from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

registerChartParts([BarChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | AriaComponentOption>;

export type CountsChartProps = { bars: { label: string; value: number }[]; ariaLabel: string; seriesName: string };

export function CountsChart({ bars, ariaLabel, seriesName }: CountsChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const instance = init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const option: ChartOption = {
      aria: { enabled: true },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: bars.map((bar) => bar.label), axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: seriesName,
          type: 'bar',
          data: bars.map((bar) => bar.value),
          barMaxWidth: 48,
          itemStyle: { color: '#b7282e', borderRadius: [4, 4, 0, 0] },
          label: { show: true, position: 'top' },
        },
      ],
    };
    chart.current?.setOption(option, { notMerge: true });
  }, [bars, seriesName]);

  return <div ref={box} className="chart-box" role="img" aria-label={ariaLabel} data-testid="counts-chart" />;
}
