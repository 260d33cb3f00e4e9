/**
 * The cost map as HTML: the legend and the text alternative (blocks by cost) as fragments the
 * editor's webview shows too, and a self-contained page for the CLI (no external reference: it can
 * be kept as a CI artifact and linked from a pull-request comment).
 */
import { escapeXml, renderSvg } from './svg';
import { MAP_CSS } from './style';
import type { CostMap, LegendLevel, MapPage } from './types';

const swatch = (prefix: string, l: LegendLevel) =>
  `<span class="sw ${prefix}${l.level === 'unknown' ? 'u' : l.level}"></span>${escapeXml(l.label)}`;

/** The legend: the colour scale(s), the marks, and the notes on how the map was drawn. */
export function renderLegend(map: CostMap): string {
  const scale = (cls: string, prefix: string, title: string, levels: LegendLevel[]) =>
    `<div class="legend-scale ${cls}"><b>${title}</b> ` +
    levels.map((l) => `<span class="lg">${swatch(prefix, l)}</span>`).join(' ') +
    '</div>';
  const skills = map.pages.some((p) => p.layout === 'skills');
  const parts = [
    scale('scale-run', 'lv', skills ? 'Credits per run (skills: per message)' : 'Credits per run', map.legend.run),
  ];
  parts.push(scale('scale-conv', 'cv', 'Credits per conversation', map.legend.conversation));
  parts.push(
    '<div class="legend-marks"><span class="lg"><span class="sw warn"></span>loop or unbounded path</span> ' +
      '<span class="lg"><span class="sw grey"></span>unreachable</span> ' +
      '<span class="lg">▮▮ waits for the user (a turn ends)</span> ' +
      '<span class="lg">LLM steps show their model and credits per run; free steps show no figure</span></div>',
  );
  parts.push(`<ul class="legend-notes">${map.legend.notes.map((n) => `<li>${escapeXml(n)}</li>`).join('')}</ul>`);
  return `<div class="legend">${parts.join('')}</div>`;
}

/** The text alternative of a page: its blocks (or, on the Skills page, its skills), dearest first, as a table. */
export function renderBlockList(page: MapPage): string {
  if (page.layout === 'skills') return renderSkillList(page);
  const byId = new Map(page.nodes.map((n) => [n.id, n]));
  const conv = page.nodes.some((n) => n.perConversation !== null);
  const rows = page.byCost
    .map((id) => byId.get(id)!)
    .filter((n) => n.kind !== 'start')
    .map((n) => {
      return (
        `<tr data-block-id="${escapeXml(n.id)}"><td>${escapeXml(n.name)}</td>` +
        `<td class="num">${escapeXml(n.label)}</td>` +
        (conv ? `<td class="num">${escapeXml(n.perConversationLabel)}</td>` : '') +
        `<td>${escapeXml(
          n.rows
            .filter((r) => r.model)
            .map((r) => r.model)
            .join(', '),
        )}</td><td>${escapeXml(n.marks.join(', '))}</td></tr>`
      );
    });
  return (
    `<table class="blocks"><caption>${escapeXml(page.name)}: blocks by credits per run</caption>` +
    `<tr><th>block</th><th class="num">credits per run</th>${conv ? '<th class="num">per conversation</th>' : ''}` +
    `<th>models</th><th>marks</th></tr>${rows.join('')}</table>`
  );
}

/** The Skills page as a table: the agent, then its skills dearest per message first. */
function renderSkillList(page: MapPage): string {
  const byId = new Map(page.nodes.map((n) => [n.id, n]));
  const rows = page.byCost
    .map((id) => byId.get(id)!)
    .filter((n) => n.skill !== undefined)
    .sort((a, b) => (a.kind === 'agent' ? -1 : b.kind === 'agent' ? 1 : 0))
    .map((n) => {
      const k = n.skill!;
      const kind = n.kind === 'agent' ? 'router' : k.kind === 'agent' ? 'the agent itself' : k.kind;
      return (
        `<tr data-skill-id="${escapeXml(n.id)}"><td>${escapeXml(n.name)}</td><td>${escapeXml(kind)}</td>` +
        `<td class="num">${n.kind === 'agent' ? 'every message' : escapeXml(k.shareLabel)}</td>` +
        `<td class="num">${escapeXml(n.label)}</td><td class="num">${escapeXml(n.perConversationLabel)}</td>` +
        `<td>${escapeXml(k.model ?? '')}</td></tr>`
      );
    });
  return (
    `<table class="blocks skills"><caption>${escapeXml(page.name)}: the agent and its skills by credits per ` +
    'message</caption><tr><th>skill</th><th>kind</th><th class="num">share of messages</th>' +
    '<th class="num">credits per message</th><th class="num">credits per conversation</th><th>model</th></tr>' +
    `${rows.join('')}</table>`
  );
}

const PAGE_CSS =
  'body{font-family:system-ui,sans-serif;color:#1f2328;background:#fff;margin:16px}' +
  'h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}.legend{margin:.5em 0 1em}.lg{margin-right:1em}' +
  '.legend-scale,.legend-marks{margin:.3em 0}.legend-notes{color:#6e7781;margin:.3em 0;padding-left:1.2em}' +
  '.map{overflow:auto;border:1px solid #d0d7de;max-height:85vh}.map svg{display:block}' +
  'table.blocks{border-collapse:collapse;margin:.6em 0}table.blocks caption{text-align:left;font-weight:600}' +
  'table.blocks td,table.blocks th{text-align:left;padding:2px 8px;border-bottom:1px solid #d0d7de}' +
  '.num{text-align:right;font-variant-numeric:tabular-nums}';

/** A self-contained HTML page with the legend, each page's SVG and its block list. */
export function renderHtml(map: CostMap, pages: MapPage[]): string {
  const kind = (p: MapPage) =>
    p.layout === 'skills' ? 'the agent and who answers its messages' : escapeXml(p.type.toLowerCase());
  const sections = pages.map(
    (p, i) =>
      `<section><h2>${escapeXml(p.name)} <small>(${kind(p)})</small></h2>` +
      `<div class="map">${renderSvg(map, p, { nodeTitles: true, idPrefix: `cm${i}` })}</div>` +
      `<details><summary>${p.layout === 'skills' ? 'Skills' : 'Blocks'} by cost (text)</summary>` +
      `${renderBlockList(p)}</details></section>`,
  );
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1.0">` +
    `<title>Cost map: ${escapeXml(map.projectName)}</title><style>${PAGE_CSS}${MAP_CSS}</style></head><body>` +
    `<h1>Cost map: ${escapeXml(map.projectName)}</h1>${renderLegend(map)}${sections.join('\n')}` +
    '<p class="legend-notes">Figures are rounded for display; ' +
    'agent-cost report --format json has the exact values.</p>' +
    `</body></html>\n`
  );
}
