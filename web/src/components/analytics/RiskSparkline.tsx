import { theme } from 'antd';
import type { RiskHistory } from '../../api/analytics';

/**
 * A customer's risk over past runs, drawn as a bare SVG line: the customer page stays out of
 * the ECharts chunk for one small trend.
 */
export function RiskSparkline({ items, label }: { items: RiskHistory['items']; label: string }) {
  const { token } = theme.useToken();
  const points = [...items].sort((a, b) => a.asOf.localeCompare(b.asOf));
  if (points.length === 0) return null;
  const width = 160;
  const height = 36;
  const pad = 3;
  const x = (i: number) => (points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  const y = (risk: number) => pad + (1 - Math.min(1, Math.max(0, risk))) * (height - 2 * pad);
  const path = points.map((p, i) => `${x(i).toFixed(1)},${y(p.riskScore).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]!;
  const title = points.map((p) => `${p.asOf}: ${Math.round(p.riskScore * 100)}`).join('\n');
  const colour = last.riskLevel === 'high' ? token.colorError : last.riskLevel === 'medium' ? token.colorWarning : token.colorSuccess;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="risk-sparkline" data-points={points.length}>
      <title>{title}</title>
      <line x1={0} x2={width} y1={y(0.5)} y2={y(0.5)} stroke={token.colorBorderSecondary} strokeDasharray="3 3" />
      <polyline points={path} fill="none" stroke={colour} strokeWidth={2} strokeLinejoin="round" />
      <circle cx={x(points.length - 1)} cy={y(last.riskScore)} r={3} fill={colour} />
    </svg>
  );
}
