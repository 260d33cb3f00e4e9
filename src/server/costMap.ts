/** `agentCost/costMap`: the cost map of a document's current analysis, drawn by the core. */
import type { Analysis } from '../core/analyze';
import type { Flow } from '../core/flow/types';
import { locatePaths } from '../core/json/locate';
import type { LineIndex } from '../core/json/positions';
import {
  buildCostMap,
  CostMap,
  MAP_CSS,
  renderBlockList,
  renderLegend,
  renderNodeDetail,
  renderSvg,
} from '../core/map/index';
import type { CostMapResult } from '../protocol';
import type { DocumentAnalysis } from './analysisStore';

export function costMapResult(doc: DocumentAnalysis): CostMapResult {
  if (!doc.analysis || !doc.flow)
    return { ok: false, version: doc.version, error: doc.error?.message ?? 'not analysed' };
  return costMapOf(doc.flow, doc.analysis, doc.version, doc);
}

/**
 * The map and its pages drawn for the webview: shapes only (no embedded style, no native tooltips),
 * and each node's texts apart, which the webview adds to the nodes on screen when zoomed in. With
 * the document's text, nodes known by their path (an agent, a playbook) get a range to reveal.
 */
export function costMapOf(
  flow: Flow,
  analysis: Analysis,
  version: number,
  text?: { text: string; lines: LineIndex },
): CostMapResult {
  const map = buildCostMap(flow, analysis);
  if (text) placeByPath(map, text);
  return {
    ok: true,
    version,
    map,
    pages: map.pages.map((p, i) => ({
      id: p.id,
      svg: renderSvg(map, p, { idPrefix: `cm${i}`, detail: false }),
      details: p.nodes.map(renderNodeDetail),
      list: renderBlockList(p),
    })),
    legend: renderLegend(map),
    style: MAP_CSS,
  };
}

/** Gives nodes that have a path in the export but no range (agentic agents, playbooks) the range of that path. */
function placeByPath(map: CostMap, doc: { text: string; lines: LineIndex }): void {
  const wanted = map.pages.flatMap((p) => p.nodes).filter((n) => !n.range && n.path && n.path.length > 0);
  if (!wanted.length) return;
  const spans = locatePaths(
    doc.text,
    wanted.map((n) => n.path!),
  );
  wanted.forEach((n, i) => {
    const s = spans[i];
    if (s && s.depth === n.path!.length) n.range = doc.lines.range(s.start, s.end);
  });
}
