/**
 * CostMap page → SVG text. Pure string building; every string from the export is escaped. Elements
 * carry data attributes for tests and tools: blocks `data-block-id` and `data-credits` (expected
 * credits per run of the block, an exact decimal string, or "unknown"), rows `data-step-id`.
 */
import { LINE2_H, rowY, TITLE_H } from './layout';
import { renderShareLabel, renderSkillDetail, skillAttrs } from './skillSvg';
import { MAP_CSS } from './style';
import { CHAR_W, escapeXml, fit, TITLE_CHAR_W } from './text';

export { escapeXml, fit } from './text';
import type { CostMap, Level, MapNode, MapPage, MapRow } from './types';

export interface SvgOptions {
  /** Put the stylesheet inside the SVG (standalone files); a webview brings its own under its CSP. */
  embedStyle?: boolean;
  /** A `<title>` on each node (native tooltips in browsers); the webview shows its own. */
  nodeTitles?: boolean;
  /** Prefix of the ids inside the SVG (unique per page when several share a document). */
  idPrefix?: string;
  /** Texts and step rows inside each node (default); false: shapes only, see `renderNodeDetail`. */
  detail?: boolean;
  /** Colour by credits per run (default) or per conversation. */
  scale?: 'run' | 'conv';
}

const levelClass = (prefix: string, l: Level | null) => (l === null ? '' : `${prefix}${l === 'unknown' ? 'u' : l}`);

export function renderSvg(map: CostMap, page: MapPage, o: SvgOptions = {}): string {
  const id = o.idPrefix ?? 'cm';
  const b = page.bounds;
  const title = `Cost map: ${map.projectName} — ${page.name}`;
  const byId = new Map(page.nodes.map((n) => [n.id, n]));
  const what =
    page.layout === 'skills' ? 'The agent and its skills by credits per message' : 'Blocks by credits per run';
  const desc = `${what}: ${page.byCost
    .map((i) => byId.get(i)!)
    .filter((n) => n.kind !== 'start')
    .map((n) => n.summary)
    .join('; ')}`;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="costmap scale-${o.scale ?? 'run'}" data-page-id="${escapeXml(page.id)}" ` +
      `viewBox="${b.x} ${b.y} ${b.w} ${b.h}" width="${b.w}" height="${b.h}" role="img" ` +
      `aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`,
  );
  if (o.embedStyle) out.push(`<style>${MAP_CSS}</style>`);
  out.push(
    `<defs><marker id="${id}-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" ` +
      `orient="auto-start-reverse"><path class="arrow" d="M0 0L8 4L0 8z"/></marker></defs>`,
    '<g class="viewport"><g class="edges">',
  );
  for (const e of page.edges)
    out.push(
      `<path class="edge${e.loop ? ' loop' : ''}" d="${e.d}" data-from="${escapeXml(e.from)}" ` +
        `data-to="${escapeXml(e.to)}" marker-end="url(#${id}-arrow)"/>`,
    );
  // Share labels over every line (Skills page).
  for (const e of page.edges) if (e.label) out.push(renderShareLabel(e));
  out.push('</g><g class="nodes">');
  for (const n of page.nodes) out.push(node(n, o));
  out.push('</g></g></svg>');
  return out.join('\n');
}

function node(n: MapNode, o: SvgOptions): string {
  const cls = [
    'node',
    n.kind,
    n.kind === 'skill' && `sk-${n.skill?.kind}`,
    levelClass('lv', n.level),
    levelClass('cv', n.conversationLevel),
    n.unreachable && 'unreachable',
    n.loop && 'loop',
    n.unbounded && 'unbounded',
    n.waits && 'waits',
  ]
    .filter(Boolean)
    .join(' ');
  const attrs =
    `class="${cls}" data-block-id="${escapeXml(n.id)}" data-kind="${n.kind}" ` +
    `data-credits="${n.credits ?? 'unknown'}" data-level="${n.level}"` +
    (n.perConversation === null ? '' : ` data-credits-per-conversation="${n.perConversation}"`) +
    skillAttrs(n) +
    (n.kind === 'start' && n.rows[0]?.subflowPage ? ` data-page="${escapeXml(n.rows[0].subflowPage)}"` : '') +
    ` data-x="${n.x}" data-y="${n.y}" data-w="${n.w}" data-h="${n.h}" tabindex="0" role="group" ` +
    `aria-label="${escapeXml(n.summary)}"`;
  const parts: string[] = [`<g ${attrs}>`];
  if (o.nodeTitles) parts.push(`<title>${escapeXml(n.summary)}</title>`);
  parts.push(`<rect class="card" x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="8"/>`);
  parts.push(
    n.kind === 'start'
      ? `<rect class="hd" x="${n.x + 1}" y="${n.y + 1}" width="${n.w - 2}" height="${TITLE_H - 2}" rx="7"/>`
      : `<path class="hd" d="M${n.x} ${n.y + TITLE_H}V${n.y + 8}Q${n.x} ${n.y} ${n.x + 8} ${n.y}H${n.x + n.w - 8}` +
          `Q${n.x + n.w} ${n.y} ${n.x + n.w} ${n.y + 8}V${n.y + TITLE_H}Z"/>`,
  );
  if (o.detail !== false) parts.push(renderNodeDetail(n));
  return parts.join('') + '</g>';
}

/**
 * The texts of a node: its title, cost and step rows. Part of every node in a full SVG; the editor
 * adds it only to the nodes on screen once zoomed in (large maps stay fast at low zoom).
 */
export function renderNodeDetail(n: MapNode): string {
  if (n.kind === 'start')
    return (
      `<text class="hdt${n.rows[0]?.subflowPage ? ' sub' : ''}" x="${n.x + n.w / 2}" y="${n.y + 18}" ` +
      `text-anchor="middle">${escapeXml(fit(n.name, Math.floor((n.w - 16) / 6)))}</text>`
    );
  if (n.kind === 'agent' || n.kind === 'skill') return renderSkillDetail(n);
  const cost = n.credits === null ? 'unknown' : n.credits === '0' ? 'free' : n.label;
  // Titles are bold: wider characters.
  const titleRoom = Math.floor((n.w - 16 - (cost.length + 1) * TITLE_CHAR_W) / TITLE_CHAR_W);
  const parts = [
    `<text class="hdt" x="${n.x + 8}" y="${n.y + 18}">${escapeXml(fit(n.name, titleRoom))}</text>`,
    `<text class="hdt cost" x="${n.x + n.w - 8}" y="${n.y + 18}" text-anchor="end">${escapeXml(cost)}</text>`,
  ];
  n.rows.forEach((r, i) => parts.push(row(n, r, i)));
  return parts.join('');
}

function row(n: MapNode, r: MapRow, i: number): string {
  const y = rowY(n, i) + 4;
  const cls = ['row', r.kind, r.subflowPage && 'sub', r.loop && 'loop'].filter(Boolean).join(' ');
  let right = '';
  if (r.kind === 'llm' || r.kind === 'credits' || (r.kind === 'wait' && r.credits !== '0')) right = r.label;
  else if (r.kind === 'unknown') right = 'unknown';
  const indent = r.waits ? 20 : 10;
  const room = Math.floor((n.w - indent - 10) / CHAR_W) - (right ? right.length + 2 : 0);
  const name = r.subflowName ? `${r.name} → ${r.subflowName}` : r.name;
  const attrs =
    `class="${cls}" data-step-id="${escapeXml(r.stepId)}" data-credits="${r.credits ?? 'unknown'}"` +
    (r.subflowPage ? ` data-subflow-page="${escapeXml(r.subflowPage)}"` : '');
  const mark = r.waits
    ? `<rect class="wait-mark" x="${n.x + 9}" y="${y - 9}" width="3" height="10"/>` +
      `<rect class="wait-mark" x="${n.x + 14}" y="${y - 9}" width="3" height="10"/>`
    : '';
  const sep = `<line class="sep" x1="${n.x}" x2="${n.x + n.w}" y1="${y - 15}" y2="${y - 15}"/>`;
  const model =
    r.kind === 'llm' && r.model
      ? `<text class="rmodel" x="${n.x + indent}" y="${y + LINE2_H}">` +
        `${escapeXml(fit(r.model, Math.floor((n.w - indent - 10) / CHAR_W)))}</text>`
      : '';
  return (
    `<g ${attrs}>${i === 0 ? sep : ''}${mark}` +
    `<text class="rname" x="${n.x + indent}" y="${y}">${escapeXml(fit(name, room))}</text>` +
    (right ? `<text class="rcost" x="${n.x + n.w - 8}" y="${y}" text-anchor="end">${escapeXml(right)}</text>` : '') +
    `${model}</g>`
  );
}
