// Tiny event emitter.
export default function emitter() {
  const handlers = new Map();
  return {
    on(name, handler) {
      handlers.set(name, [...(handlers.get(name) || []), handler]);
    },
    emit(name, value) {
      (handlers.get(name) || []).forEach((handler) => handler(value));
    },
  };
}
