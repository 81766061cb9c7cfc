export interface RetryOptions {
  attempts: number
  baseDelayMs: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs `task` until it succeeds, backing off exponentially between attempts. */
export async function retry<T>(task: () => Promise<T>, { attempts, baseDelayMs }: RetryOptions): Promise<T> {
  let lastError: unknown
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await task()
    } catch (error) {
      lastError = error
      await sleep(baseDelayMs * 2 ** attempt)
    }
  }
  throw lastError
}
