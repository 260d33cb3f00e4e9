/**
 * The step graph the walker runs on, from a Flow: the edges of every executable step, sub-flow
 * calls, the launch entry and the global entries a user message can jump to.
 */
import type { Flow, FlowEdge } from '../flow/types';

export interface Graph {
  succ: Map<string, FlowEdge[]>;
  /** Sub-flow steps → the first step of the flow they call. */
  calls: Map<string, string>;
  /** The first step of the launch turn. */
  launch?: string;
  /** Global entries: steps a user message can jump to at any wait. */
  globals: string[];
}

export function graphOf(flow: Flow): Graph {
  const succ = new Map<string, FlowEdge[]>();
  const calls = new Map<string, string>();
  for (const s of flow.steps.values()) {
    if (!s.executable) continue;
    succ.set(s.id, s.edges);
    if (s.subflow) calls.set(s.id, s.subflow);
  }
  return {
    succ,
    calls,
    launch: flow.entries.find((e) => e.kind === 'launch')?.stepId,
    globals: flow.entries.filter((e) => e.global).map((e) => e.stepId),
  };
}
