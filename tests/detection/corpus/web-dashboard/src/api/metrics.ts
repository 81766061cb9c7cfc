import { z } from 'zod'

const MetricSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number(),
  delta: z.number(),
})

export type Metric = z.infer<typeof MetricSchema>

export async function fetchMetrics(signal?: AbortSignal): Promise<Metric[]> {
  const response = await fetch('/api/metrics', { signal })
  if (!response.ok) {
    throw new Error(`metrics request failed: ${response.status}`)
  }
  return z.array(MetricSchema).parse(await response.json())
}
