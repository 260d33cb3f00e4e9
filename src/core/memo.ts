/**
 * The engine's caches of work that outlives one analysis (token counts of whole texts, priced
 * calls), in one registry: `clearEngineCaches()` empties them all (the bench measures an analysis
 * that does all its work again; tests check that a cache never changes a result).
 *
 * Every cache here is keyed by content (a text, a call's inputs), never by position or identity,
 * so a hit returns exactly what the computation would return.
 */

const clearers: (() => void)[] = [];
let keep = false;

/**
 * Whether what depends on a flow's structure (the walk's plan and values, the turns' runs) is
 * kept for the next analysis: on in the language server (analysisStore.ts), which analyses the
 * same document again after each edit; off by default, so a one-off analysis (the CLI) does not
 * hold on to memory it will never reuse.
 */
export function keepEngineCaches(on: boolean): void {
  keep = on;
}

export function keepingEngineCaches(): boolean {
  return keep;
}

/** Registers a cache's `clear`. */
export function registerCache(clear: () => void): void {
  clearers.push(clear);
}

/** Empties every registered cache. */
export function clearEngineCaches(): void {
  for (const c of clearers) c();
}

/**
 * A map from strings to values bounded by the total length of its keys: two generations, the
 * current one and the one before; a hit in the older generation moves the entry to the current
 * one, and when the current one is full it becomes the older one (what the last analysis used
 * survives the next, the rest is dropped). Keys are texts from the file, already in memory.
 */
export class TextCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars: number) {
    registerCache(() => this.clear());
  }

  get(key: string): V | undefined {
    const v = this.current.get(key);
    if (v !== undefined) return v;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.chars + key.length > this.maxChars) {
      this.previous = this.current;
      this.current = new Map();
      this.chars = 0;
    }
    this.current.set(key, value);
    this.chars += key.length;
  }

  clear(): void {
    this.current = new Map();
    this.previous = new Map();
    this.chars = 0;
  }
}
