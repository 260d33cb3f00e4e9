/** `agentCost/costMap`: the cost map of a document's current analysis, drawn by the core. */
import { buildCostMap, MAP_CSS, renderBlockList, renderLegend, renderSvg } from '../core/map/index';
import type { CostMapResult } from '../protocol';
import type { DocumentAnalysis } from './analysisStore';

export function costMapResult(doc: DocumentAnalysis): CostMapResult {
  if (!doc.analysis || !doc.flow)
    return { ok: false, version: doc.version, error: doc.error?.message ?? 'not analysed' };
  const map = buildCostMap(doc.flow, doc.analysis);
  return {
    ok: true,
    version: doc.version,
    map,
    // The webview brings the stylesheet under its own CSP and shows its own tooltips.
    pages: map.pages.map((p, i) => ({
      id: p.id,
      svg: renderSvg(map, p, { idPrefix: `cm${i}` }),
      list: renderBlockList(p),
    })),
    legend: renderLegend(map),
    style: MAP_CSS,
  };
}
