/**
 * "Show Cost Map": the agent drawn as its Voiceflow canvas, each block coloured by its cost. The
 * server builds and draws the map (core), this panel only shows it: pages as tabs, zoom and pan,
 * hover breakdowns, search, and clicks that reveal the step in the export. Refreshes when the
 * export is analysed again; the webview keeps its page, zoom and colour scale across refreshes.
 */
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ANALYZED_NOTIFICATION, AnalyzedParams, COST_MAP_REQUEST, CostMapResult } from '../protocol';
import { esc, page } from './html';

type Ok = Extract<CostMapResult, { ok: true }>;

/** Webview chrome around the core's SVG (the map's own style comes from the core with the data). */
const CSS = `
html, body { height: 100%; } body { display: flex; flex-direction: column; padding: 0 8px; overflow: hidden; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 0; }
.tabs button { background: transparent; color: var(--vscode-foreground); border-bottom: 2px solid transparent; }
.tabs button[aria-selected="true"] { border-bottom-color: var(--vscode-focusBorder); font-weight: 600; }
.bar input { background: var(--vscode-input-background); color: var(--vscode-input-foreground);
  border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; }
button[aria-pressed="true"] { outline: 1px solid var(--vscode-focusBorder); }
button:disabled { opacity: .5; cursor: default; }
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

export class CostMapPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; result?: Ok }>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionPath: string,
  ) {
    this.sub = client.onNotification(ANALYZED_NOTIFICATION, (p: AnalyzedParams) => {
      if (this.panels.has(p.uri)) void this.render(p.uri);
    });
  }

  /** Opens (or reveals) the map of `uri`; returns the panel, or an error message. */
  async show(uri: string): Promise<vscode.WebviewPanel | string> {
    let entry = this.panels.get(uri);
    if (!entry) {
      const panel = vscode.window.createWebviewPanel('agentCost.costMap', 'Cost map', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [],
        retainContextWhenHidden: true,
      });
      entry = { panel };
      this.panels.set(uri, entry);
      panel.onDidDispose(() => this.panels.delete(uri));
      panel.webview.onDidReceiveMessage((m: { type: string; id?: string }) => {
        if (m.type === 'reveal' && typeof m.id === 'string') void this.reveal(uri, m.id);
      });
    }
    const error = await this.render(uri);
    if (error) {
      entry.panel.dispose();
      return error;
    }
    entry.panel.reveal(vscode.ViewColumn.Beside, false);
    return entry.panel;
  }

  /** The map currently shown for `uri` (tests read it). */
  shown(uri: string): Ok | undefined {
    return this.panels.get(uri)?.result;
  }

  private async render(uri: string): Promise<string | undefined> {
    const entry = this.panels.get(uri);
    if (!entry) return undefined;
    const res = await this.client.sendRequest<CostMapResult | null>(COST_MAP_REQUEST, { uri });
    if (!res) return 'this file is not being analysed';
    if (!res.ok) return res.error;
    entry.result = res;
    entry.panel.title = `Cost map: ${res.map.projectName}`;
    entry.panel.webview.html = this.html(entry.panel.webview, res);
    return undefined;
  }

  private html(webview: vscode.Webview, res: Ok): string {
    const m = res.map;
    const hasConv = m.legend.conversation !== null;
    const tabs = m.pages
      .map(
        (p) =>
          `<button role="tab" data-page="${esc(p.id)}" aria-selected="false">${esc(p.name)}` +
          `${p.type === 'TOPIC' ? '' : ` <span class="muted">(${esc(p.type.toLowerCase())})</span>`}</button>`,
      )
      .join('');
    const pages = res.pages
      .map((p) => `<div class="page" data-page="${esc(p.id)}" hidden role="tabpanel">${p.svg}</div>`)
      .join('');
    const lists = res.pages.map((p) => `<div class="list-page" data-page="${esc(p.id)}" hidden>${p.list}</div>`);
    const disabled = hasConv
      ? ''
      : ' disabled title="Needs the expected visits of each step, which this version of the engine does not provide"';
    const stageLabel =
      'Cost map canvas: arrow keys pan, + and − zoom, 0 fits, Tab moves through blocks, ' +
      'Enter reveals a block in the export';
    const body = `<div class="bar"><div class="tabs" role="tablist" aria-label="Pages">${tabs}</div></div>
<div class="bar"><span>Colour by</span><button data-scale="run" aria-pressed="true">cost per run</button>
<button data-scale="conv" aria-pressed="false"${disabled}>cost per conversation</button>
<input id="search" type="search" placeholder="Find a block by name" aria-label="Find a block by name">
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
    return page(webview, `Cost map: ${m.projectName}`, body, this.script(), CSS + res.style);
  }

  private script(): string {
    return readFileSync(`${this.extensionPath}/media/costMap.js`, 'utf8');
  }

  /** Reveals a block or step of the map in the export, beside the map. */
  private async reveal(uri: string, id: string): Promise<void> {
    const res = this.panels.get(uri)?.result;
    if (!res) return;
    let range: unknown;
    for (const p of res.map.pages)
      for (const n of p.nodes) {
        if (n.id === id && n.range) range = n.range;
        for (const r of n.rows) if (r.stepId === id && r.range) range = r.range;
      }
    if (!range) return;
    // In the editor that shows the export, else in the first column (the map is beside it).
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const map = this.panels.get(uri)?.panel.viewColumn;
    const column = shown?.viewColumn ?? (map === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    await vscode.commands.executeCommand('agentCost.revealStep', uri, range, column);
  }

  dispose(): void {
    this.sub.dispose();
    for (const { panel } of this.panels.values()) panel.dispose();
  }
}

/** What the webview script needs per node: texts for tooltips and search (no figures computed there). */
function mapData(res: Ok) {
  return {
    defaultPage: res.map.defaultPage,
    pages: res.map.pages.map((p) => ({
      id: p.id,
      name: p.name,
      bounds: p.bounds,
      nodes: p.nodes.map((n) => ({
        id: n.id,
        name: n.name,
        summary: n.summary,
        label: n.credits === null ? 'unknown' : n.label,
        conv: n.perConversation === null ? null : n.perConversationLabel,
        rows: n.rows.map((r) => ({
          name: r.name,
          model: r.model,
          label: r.credits === null ? 'unknown' : r.credits === '0' ? 'free' : r.label,
        })),
      })),
    })),
  };
}
