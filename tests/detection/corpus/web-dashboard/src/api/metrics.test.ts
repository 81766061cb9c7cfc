import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchMetrics } from './metrics'

afterEach(() => vi.restoreAllMocks())

describe('fetchMetrics', () => {
  it('rejects malformed payloads', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify([{ id: 1 }]), { status: 200 }),
    )
    await expect(fetchMetrics()).rejects.toThrow()
  })

  it('reports the HTTP status', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('', { status: 503 }))
    await expect(fetchMetrics()).rejects.toThrow('503')
  })
})
