/** Where each node object (`diagrams.<diagramKey>.nodes.<nodeKey>`) sits in the text. */
import { findObjectSpans } from '../../json/spans';

export interface NodeSpan {
  diagramKey: string;
  nodeKey: string;
  /** Offset of the node's `{`. */
  start: number;
  /** Offset just after the node's `}`. */
  end: number;
}

/** The path of every node object. */
export const NODE_PATTERN = ['diagrams', '*', 'nodes', '*'] as const;

/** Spans of every node object, in text order. `text` must be valid JSON. */
export function findNodeSpans(text: string): NodeSpan[] {
  return findObjectSpans(text, NODE_PATTERN).map((s) => ({
    diagramKey: s.path[1],
    nodeKey: s.path[3],
    start: s.start,
    end: s.end,
  }));
}
