import type { Metric } from '../api/metrics'

interface Props {
  metric: Metric
  compact?: boolean
}

const formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

export function MetricCard({ metric, compact = false }: Props) {
  const trend = metric.delta >= 0 ? 'up' : 'down'
  return (
    <section className={`card card--${trend}`}>
      <h2>{metric.label}</h2>
      <strong>{formatter.format(metric.value)}</strong>
      {!compact && <small>{metric.delta.toFixed(2)}%</small>}
    </section>
  )
}
