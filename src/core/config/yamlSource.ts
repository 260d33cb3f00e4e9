/**
 * The YAML side of `.agentcost.yaml`: parse with positions, turn nodes into plain values safely,
 * and report problems as diagnostics on the node at fault.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Pair, visit } from 'yaml';
import type { Diagnostic, Range, Severity } from '../types';
import { fmtInt } from '../report/display';

export const CONFIG_FILE = '.agentcost.yaml';

export type Report = (message: string, node: Node | null | undefined, severity?: Severity) => void;

export interface YamlSource {
  /** The top-level node (null: an empty file; undefined: not YAML, the file is ignored). */
  root: Node | null | undefined;
  /** A node as a plain value (see `plain`). */
  plain(node: unknown): unknown;
  diagnostics: Diagnostic[];
  /** A diagnostic on `node` (the file as a whole when it has no position). */
  report: Report;
}

/**
 * Parses the text. Syntax errors become diagnostics with their position and `root` is undefined:
 * the whole file is ignored (a half-typed file must not half-apply).
 */
export function readYaml(text: string): YamlSource {
  const lc = new LineCounter();
  // yaml's own uniqueKeys check is quadratic in the keys of a mapping: ours is linear.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const diagnostics: Diagnostic[] = [];
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  const rangeOf = (n: Node | null | undefined): Range | undefined =>
    n?.range ? { start: pos(n.range[0]), end: pos(n.range[1]) } : undefined;
  const report: Report = (message, node, severity = 'error') =>
    diagnostics.push({ rule: 'config', severity, message: `${CONFIG_FILE}: ${message}`, range: rangeOf(node) });
  const errors = doc.errors.length > 0 ? doc.errors : duplicateKeys(doc);
  if (errors.length > 0) {
    for (const e of errors) {
      const start = pos(e.pos[0]);
      diagnostics.push({
        rule: 'config',
        severity: 'error',
        message: `${CONFIG_FILE}: ${e.message.split('\n')[0]} — the whole file is ignored, defaults apply`,
        range: { start, end: { line: start.line, character: start.character + 1 } },
      });
    }
    return { root: undefined, diagnostics, report, plain: () => null };
  }
  const root = doc.contents;
  const budget = { left: MAX_NODES };
  const anchors = aliasTargets(doc);
  return {
    root: root === null || (isScalar(root) && root.value === null) ? null : root,
    diagnostics,
    report,
    plain: (node) => plain(node, anchors, budget),
  };
}

/** The text of a mapping key (keys that are not scalars read as their YAML text). */
export function keyText(pair: Pair): string {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return k === null || k === undefined ? '' : String(k);
}

/** The node to report a pair's problem on: its value, or its key when the value is empty. */
export function nodeOf(pair: Pair): Node | null {
  return (pair.value as Node | null) ?? (pair.key as Node | null);
}

/** Nodes the values of one file may expand to (aliases can multiply a small file: "billion laughs"). */
const MAX_NODES = 100_000;

/** The file's values expand to more than `MAX_NODES` nodes (from there on, every value is refused). */
export class TooLargeError extends Error {}

/**
 * A node as a plain value. Mappings become null-prototype objects (a key "__proto__" or
 * "constructor" is data), numbers keep their source text when it is not the number's own
 * spelling ("0.10", "1e9"), so decimals stay exact and messages quote what was written.
 * Aliases are resolved within a node budget (throws `TooLargeError`).
 */
function plain(node: unknown, anchors: ReadonlyMap<Alias, Node>, budget: { left: number }): unknown {
  if (--budget.left < 0)
    throw new TooLargeError(`the file's values expand to more than ${fmtInt(MAX_NODES)} nodes (aliases?)`);
  if (isAlias(node)) return plain(anchors.get(node), anchors, budget);
  if (isMap(node)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const pair of node.items) out[keyText(pair)] = plain(pair.value, anchors, budget);
    return out;
  }
  if (isSeq(node)) return node.items.map((n) => plain(n, anchors, budget));
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number' && node.source !== undefined && node.source !== String(v)) return node.source;
    return v;
  }
  return null;
}

/** Each alias → the node it names (the last anchor of that name before it), in one pass. */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const latest = new Map<string, Node>();
  const out = new Map<Alias, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        if (target) out.set(node, target);
      } else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return out;
}

/** "Map keys must be unique" errors, as yaml's uniqueKeys gives them, in one pass per mapping. */
function duplicateKeys(doc: Document): { message: string; pos: [number, number] }[] {
  const out: { message: string; pos: [number, number] }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value) && pair.key.range)
          out.push({ message: 'Map keys must be unique', pos: [pair.key.range[0], pair.key.range[1]] });
        seen.add(pair.key.value);
      }
    },
  });
  return out;
}
