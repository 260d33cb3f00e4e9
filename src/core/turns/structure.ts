/**
 * The shape of a flow's graph as one string: everything the walk's branching and a turn's runs
 * depend on (edges and their ports, sub-flow calls, waits, ends, holds, branch weights), and
 * nothing they do not (prices, texts, names). Two analyses with the same key branch the same way,
 * so what depends only on the branching (the steps each turn runs, how often) is computed once
 * and reused (an edit inside a prompt changes prices, not the key).
 */
import type { Graph } from '../graph/graph';
import type { FlowStep } from '../flow/types';
import type { Settings } from '../settings';
import { registerCache } from '../memo';

/** The structure key of a graph (see the file comment). */
export function structureKey(graph: Graph, steps: Map<string, FlowStep>, s: Settings): string {
  const parts: string[] = [JSON.stringify([s.branchWeights, s.skillShares, s.loopCap])];
  for (const [id, edges] of graph.succ) {
    const st = steps.get(id);
    const call = graph.calls.get(id);
    // The graph takes each step's own edges and sub-flow (graph.ts): a step object kept from the
    // last read of the document (formats/voiceflow/reuse.ts) keeps its part of the key.
    const kept = st && st.edges === edges && st.subflow === call ? partOf.get(st) : undefined;
    if (kept !== undefined) {
      parts.push(kept);
      continue;
    }
    const part =
      `${id}\u0001${st?.waits ? 'w' : ''}${st?.ends ? 'e' : ''}\u0001${st?.holds?.join('\u0002') ?? ''}` +
      `\u0001${call ?? ''}\u0001${edges.map((e) => `${e.to}\u0002${e.key}`).join('\u0003')}`;
    if (st && st.edges === edges && st.subflow === call) partOf.set(st, part);
    parts.push(part);
  }
  // Steps outside the graph still answer "does it wait?" for a state that names them.
  for (const [id, st] of steps)
    if (!graph.succ.has(id) && (st.waits || st.ends)) parts.push(`${id}\u0004${st.waits}${st.ends}`);
  // The same parts as last time (kept strings): the same key object, whose hash V8 has cached, so
  // the cache looks it up without hashing a string as long as the flow's description again.
  const same = last !== undefined && last.parts.length === parts.length && parts.every((p, i) => p === last!.parts[i]);
  if (!same) last = { parts, key: parts.join('\n') };
  return last!.key;
}

/** The last key made, with its parts. */
let last: { parts: string[]; key: string } | undefined;
registerCache(
  () => last,
  (l) => (last = l),
  () => undefined,
);

/** Each step's part of the key, by step object (steps are never changed once read). */
const partOf = new WeakMap<FlowStep, string>();

/**
 * Values computed from the structure alone, for the last few structures seen (an editor session
 * moves between a handful of shapes; a CLI run sees one). The least recently used goes first.
 */
export class StructureCache<V> {
  private entries = new Map<string, V>();

  constructor(private readonly size = 4) {
    registerCache(
      () => this.entries,
      (e) => (this.entries = e),
      () => new Map(),
    );
  }

  /** The value for `key`, if cached. */
  peek(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, v);
  }
}
