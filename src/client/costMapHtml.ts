/**
 * The cost map webview's HTML (no VS Code API here, so the benchmark can load the same page in a
 * browser): toolbar, tabs, legend, the SVG pages the server drew, the block lists, and the data the
 * script (media/costMap.js) reads for tooltips and search.
 */
import type { CostMapResult } from '../protocol';
import { esc } from './html';

type Ok = Extract<CostMapResult, { ok: true }>;

/** Webview chrome around the core's SVG (the map's own style comes from the core with the data). */
export const COST_MAP_CSS = `
html, body { height: 100%; } body { display: flex; flex-direction: column; padding: 0 8px; overflow: hidden; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 0; }
.tabs button { background: transparent; color: var(--vscode-foreground); border-bottom: 2px solid transparent; }
.tabs button[aria-selected="true"] { border-bottom-color: var(--vscode-focusBorder); font-weight: 600; }
.bar input { background: var(--vscode-input-background); color: var(--vscode-input-foreground);
  border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; }
button[aria-pressed="true"] { outline: 1px solid var(--vscode-focusBorder); }
.legend { font-size: .9em; } .legend .lg { margin-right: .8em; } .legend-notes { margin: .2em 0;
  padding-left: 1.2em; color: var(--vscode-descriptionForeground); }
.by-run .legend-scale.scale-conv, .by-conv .legend-scale.scale-run { display: none; }
#stage { flex: 1; min-height: 200px; position: relative; border: 1px solid var(--vscode-panel-border, #8884);
  overflow: hidden; cursor: grab; }
#stage.dragging { cursor: grabbing; } #stage:focus { outline: 1px solid var(--vscode-focusBorder); }
#stage .page { position: absolute; inset: 0; } #stage .page[hidden] { display: none; }
#stage svg { width: 100%; height: 100%; display: block; }
.costmap .node, .costmap .row { cursor: pointer; }
.costmap .off { display: none; }
.costmap.lod-mid .row, .costmap.lod-low .row, .costmap.lod-low .hdt, .costmap.lod-low .edges { display: none; }
#tip { position: fixed; z-index: 10; max-width: 420px; pointer-events: none;
  background: var(--vscode-editorHoverWidget-background);
  color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground));
  border: 1px solid var(--vscode-editorHoverWidget-border); padding: 6px 8px; font-size: .9em; }
#tip table { margin: 4px 0 0; } #tip td { border: 0; padding: 1px 6px 1px 0; }
#status { color: var(--vscode-descriptionForeground); }
#list { max-height: 30vh; overflow: auto; } #list[hidden] { display: none; }
`;

/** The page body: tabs, toolbar, legend, the pages' SVG, the block lists, the data for the script. */
export function costMapBody(res: Ok): string {
  const m = res.map;
  const kind = (p: Ok['map']['pages'][number]) =>
    p.type === 'TOPIC' || p.layout === 'skills' ? '' : ` <span class="muted">(${esc(p.type.toLowerCase())})</span>`;
  const tabs = m.pages
    .map((p) => `<button role="tab" data-page="${esc(p.id)}" aria-selected="false">${esc(p.name)}${kind(p)}</button>`)
    .join('');
  const pages = res.pages
    .map((p) => `<div class="page" data-page="${esc(p.id)}" hidden role="tabpanel">${p.svg}</div>`)
    .join('');
  const lists = res.pages.map((p) => `<div class="list-page" data-page="${esc(p.id)}" hidden>${p.list}</div>`);
  const stageLabel =
    'Cost map canvas: arrow keys pan, + and − zoom, 0 fits, Tab moves through blocks and skills, ' +
    'Enter reveals one in the export or opens a workflow';
  return `<div class="bar"><div class="tabs" role="tablist" aria-label="Pages">${tabs}</div></div>
<div class="bar"><span>Colour by</span><button data-scale="run" aria-pressed="true">cost per run</button>
<button data-scale="conv" aria-pressed="false" title="Expected visits per conversation × cost">
  cost per conversation</button>
<input id="search" type="search" placeholder="Find a block by name"
  aria-label="Find a block or a skill by name">
<button id="fit" title="Fit to view (0)">Fit</button>
<button id="zin" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button id="zout" title="Zoom out (−)" aria-label="Zoom out">−</button>
<button id="listToggle" aria-expanded="false" aria-controls="list">Blocks by cost</button>
<span id="status" aria-live="polite"></span></div>
<div class="by-run" id="legendBox">${res.legend}</div>
<div id="stage" tabindex="0" aria-label="${stageLabel}">${pages}</div>
<section id="list" hidden aria-label="Blocks by cost">${lists.join('')}</section>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="map-data">${JSON.stringify(mapData(res)).replace(/</g, '\\u003c')}</script>`;
}

/** What the webview script needs per node: texts for tooltips and search (no figures computed there). */
function mapData(res: Ok) {
  return {
    defaultPage: res.map.defaultPage,
    pages: res.map.pages.map((p, i) => ({
      id: p.id,
      name: p.name,
      bounds: p.bounds,
      /** Each node's texts (SVG markup drawn and escaped by the engine), added when on screen. */
      details: res.pages[i].details,
      nodes: p.nodes.map((n) => ({
        id: n.id,
        name: n.name,
        summary: n.summary,
        marks: n.marks,
        warn: n.loop || n.unbounded || n.unreachable,
        label: n.credits === null ? 'unknown' : n.label,
        conv: n.perConversationLabel,
        /** Skills page: what the node is ("router", "playbook"…), its share and model (figures per message). */
        skill: n.skill && {
          what: n.kind === 'agent' ? 'router' : n.skill.kind === 'agent' ? 'the agent answers itself' : n.skill.kind,
          share: n.kind === 'agent' ? '' : n.skill.shareLabel,
          model: n.skill.model,
          page: n.skill.page ?? null,
        },
        rows: n.rows.map((r) => ({
          name: r.name,
          model: r.model,
          label: r.credits === null ? 'unknown' : r.credits === '0' ? 'free' : r.label,
          conv: r.perConversation === '0' ? '' : r.perConversationLabel,
        })),
      })),
    })),
  };
}
