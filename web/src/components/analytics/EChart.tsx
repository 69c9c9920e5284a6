import { useEffect, useRef } from 'react';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only the pieces the analytics pages draw: the full echarts bundle is three times larger.
// This module is imported by the analytics routes alone, so it lands in their lazy chunk.
// SVG rather than canvas: crisp on phones and its text is in the DOM for screen readers and tests.
echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

type Props = { option: EChartsCoreOption; height?: number; testId?: string; ariaLabel?: string };

/**
 * One chart. A thin wrapper of our own: echarts-for-react 3.0.6 imports tslib without
 * declaring it, so it does not bundle here; what we need is init, setOption, resize, dispose.
 */
export function EChart({ option, height = 320, testId, ariaLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    // Follows the card's width (drawer, phone rotation, sider collapse), not only the window's.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: options are rebuilt on every language switch; merging would keep stale labels.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} data-testid={testId} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
