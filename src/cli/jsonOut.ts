/**
 * JSON output in pieces: the same text as `JSON.stringify(value, null, 2) + '\n'`, written one
 * top-level property (and one element of a top-level array) at a time, so a 50 MB export's report
 * (~80 MB of JSON) is never one string in memory. stdout to a file or a pipe is written
 * synchronously on Linux, so each piece can go once written.
 */
export function writeJson(input: unknown, write: (s: string) => void): void {
  const { out, flush } = buffered(write);
  emit(withToJson(input), out);
  flush();
}

/** Pieces gathered up to ~1 MB per write (66,000 steps are not 66,000 writes). */
function buffered(write: (s: string) => void): { out: (s: string) => void; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length) write(parts.join(''));
    parts = [];
    size = 0;
  };
  const out = (s: string) => {
    parts.push(s);
    size += s.length;
    if (size >= 1 << 20) flush();
  };
  return { out, flush };
}

function emit(value: unknown, out: (s: string) => void): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out(JSON.stringify(value, null, 2) + '\n');
    return;
  }
  // As JSON.stringify: toJSON applied, properties that are undefined, functions or symbols left out.
  const entries = Object.entries(value)
    .map(([k, v]) => [k, withToJson(v, k)] as const)
    .filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (!entries.length) {
    out('{}\n');
    return;
  }
  out('{');
  entries.forEach(([k, v], i) => {
    out(`${i ? ',' : ''}\n  ${JSON.stringify(k)}: `);
    if (Array.isArray(v) && v.length) {
      out('[');
      v.forEach((item, j) => out(`${j ? ',' : ''}\n    ${indented(item, '    ')}`));
      out('\n  ]');
    } else out(indented(v, '  '));
  });
  out('\n}\n');
}

/** `v` as JSON.stringify(v, null, 2) writes it nested at `indent`. */
function indented(v: unknown, indent: string): string {
  return (JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}

/** What JSON.stringify serialises for `v`: its toJSON(key) when it has one. */
function withToJson(v: unknown, key = ''): unknown {
  const f = v !== null && typeof v === 'object' ? (v as { toJSON?: unknown }).toJSON : undefined;
  return typeof f === 'function' ? (f as (k: string) => unknown).call(v, key) : v;
}
