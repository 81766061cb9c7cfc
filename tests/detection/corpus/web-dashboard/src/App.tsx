import { useEffect, useState } from 'react'
import { fetchMetrics, type Metric } from './api/metrics'
import { MetricCard } from './components/MetricCard'

export function App() {
  const [metrics, setMetrics] = useState<Metric[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    fetchMetrics()
      .then(setMetrics)
      .catch((e: unknown) => setError(String(e)))
  }, [])

  if (error) return <p className="error">{error}</p>
  return (
    <main className="grid">
      {metrics.map((m) => (
        <MetricCard key={m.id} metric={m} />
      ))}
    </main>
  )
}
