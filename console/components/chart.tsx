// One ECharts canvas, tree-shaken to the charts and components the console uses; marks itself drawn for tests and the bench.
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface Props {
  option: ChartOption;
  label: string;
  height?: number;
  /** A click on a data item (a bar, a slice): its category name. */
  onPick?: (name: string) => void;
}

export function Chart({ option, label, height = 280, onPick }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const node = el.current!;
    const instance = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => node.setAttribute('data-drawn', 'true'));
    instance.on('click', (p) => pick.current?.(String(p.name)));
    // The card's width is known only after layout (and changes with the menu and the window).
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    el.current?.removeAttribute('data-drawn');
    // Animation off: the chart is drawn in the frame its data arrives (what the bench measures).
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);
  return <div ref={el} data-chart="" role="img" aria-label={label} style={{ width: '100%', height }} />;
}
