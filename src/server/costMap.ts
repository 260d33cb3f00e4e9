/** `agentCost/costMap`: the cost map of a document's current analysis, drawn by the core. */
import type { Analysis } from '../core/analyze';
import type { Flow } from '../core/flow/types';
import { buildCostMap, MAP_CSS, renderBlockList, renderLegend, renderNodeDetail, renderSvg } from '../core/map/index';
import type { CostMapResult } from '../protocol';
import type { DocumentAnalysis } from './analysisStore';

export function costMapResult(doc: DocumentAnalysis): CostMapResult {
  if (!doc.analysis || !doc.flow)
    return { ok: false, version: doc.version, error: doc.error?.message ?? 'not analysed' };
  return costMapOf(doc.flow, doc.analysis, doc.version);
}

/**
 * The map and its pages drawn for the webview: shapes only (no embedded style, no native tooltips),
 * and each node's texts apart, which the webview adds to the nodes on screen when zoomed in.
 */
export function costMapOf(flow: Flow, analysis: Analysis, version: number): CostMapResult {
  const map = buildCostMap(flow, analysis);
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
