import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';

// Only the pieces the records charts use (bar charts with tooltips); the rest of chart.js is tree-shaken.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
Chart.defaults.font.family = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif";
Chart.defaults.color = '#1f2933';

/**
 * A chart.js bar chart on a canvas: created on mount, updated when the config changes, destroyed on unmount.
 * The canvas is an image to assistive technology; its label sums the data up (a table beside it has the figures).
 */
export function ChartCanvas({ config, label, className, testId }: { config: ChartConfiguration<'bar'>; label: string; className?: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [config]);
  return (
    <div className={`chart-box ${className ?? ''}`}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
