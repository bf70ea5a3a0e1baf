/**
 * `load` at most once per `ms`, whoever asks: callers within that time share one promise. A load
 * that fails is not kept, so the next caller tries again.
 */
export function cachedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at >= ms) {
      const value = load();
      const entry = { at: Date.now(), value };
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.value;
  };
}
