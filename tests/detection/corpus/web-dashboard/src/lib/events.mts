type Listener<T> = (payload: T) => void

export class Emitter<Events extends Record<string, unknown>> {
  #listeners = new Map<keyof Events, Set<Listener<any>>>()

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const set = this.#listeners.get(event) ?? new Set()
    set.add(listener)
    this.#listeners.set(event, set)
    return () => set.delete(listener)
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    this.#listeners.get(event)?.forEach((listener) => listener(payload))
  }
}
