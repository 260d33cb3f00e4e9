/**
 * The engine's caches of work that outlives one analysis (token counts of whole texts, priced
 * calls), in one registry: `clearEngineCaches()` empties them all (the bench measures an analysis
 * that does all its work again; tests check that a cache never changes a result).
 *
 * Every cache here is keyed by content (a text, a call's inputs), never by position or identity,
 * so a hit returns exactly what the computation would return.
 */

/** A cache's content taken out (the cache left empty); calling it puts the content back. */
type PutBack = () => void;

const caches: { clear(): void; takeOut(): PutBack }[] = [];
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

/**
 * Texts from this length up (characters) are huge: memory comes before speed. The engine does not
 * keep their last read between analyses (formats/voiceflow/reuse.ts: it would hold every step of
 * the flow, ~90 MB on a 47 MB export), and the language server collects garbage around their
 * edits (node/memory.ts).
 */
export const HUGE_TEXT = 32 * 1024 * 1024;

export function keepingEngineCaches(): boolean {
  return keep;
}

/**
 * Registers a cache by the variable that holds its state: `clear` empties it, and the registry can
 * set an analysis apart from it (`apartFromEngineCaches`).
 */
export function registerCache<S>(get: () => S, set: (state: S) => void, empty: () => S): void {
  caches.push({
    clear: () => set(empty()),
    takeOut: () => {
      const state = get();
      set(empty());
      return () => set(state);
    },
  });
}

/** Empties every registered cache. */
export function clearEngineCaches(): void {
  for (const c of caches) c.clear();
}

/**
 * Runs `work` with every cache empty, then puts back what the caches held before (what `work`
 * cached is dropped): a fresh analysis beside a language server's, leaving the server's as it was.
 */
export function apartFromEngineCaches<T>(work: () => T): T {
  const putBack = caches.map((c) => c.takeOut());
  try {
    return work();
  } finally {
    for (const p of putBack) p();
  }
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
    registerCache(
      () => ({ current: this.current, previous: this.previous, chars: this.chars }),
      (s) => Object.assign(this, s),
      () => ({ current: new Map<string, V>(), previous: new Map<string, V>(), chars: 0 }),
    );
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
