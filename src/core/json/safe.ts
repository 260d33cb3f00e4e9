/**
 * Safe reads of untrusted JSON values. A file can name a key `constructor` or `__proto__`, put an
 * object with a `toString` key where a name belongs, or nest arrays thousands deep: these helpers
 * never call a file's own methods, never read inherited properties, and never recurse.
 */

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` when it is a JSON object, else an empty one. */
export function asObject(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** `v` when it is an array, else an empty one. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** An own property of a JSON object (never an inherited one such as `constructor`). */
export function own(obj: unknown, key: string): unknown {
  return isObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Follows own properties along `keys`; undefined as soon as one is missing. */
export function dig(obj: unknown, ...keys: string[]): unknown {
  let v = obj;
  for (const k of keys) {
    v = own(v, k);
    if (v === undefined) return undefined;
  }
  return v;
}

/** Follows a JSON path (object keys, array indices) through own properties; undefined when it ends early. */
export function valueAtPath(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k];
    else v = own(v, String(k));
    if (v === undefined) return undefined;
  }
  return v;
}

/** A string from the file: strings as they are, finite numbers and booleans as text, else `fallback`. */
export function asString(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return String(v);
  return fallback;
}

/** A non-empty trimmed string, else undefined. */
export function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A finite number (numeric strings included), else undefined. */
export function asNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Rows of a table (array of objects) indexed by their string `id`, in a Map (safe for any id). */
export function byId(rows: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const r of asArray(rows)) {
    if (isObject(r) && typeof r.id === 'string' && !out.has(r.id)) out.set(r.id, r);
  }
  return out;
}
