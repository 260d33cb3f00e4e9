/**
 * Cost-map rows of `npm run bench`: the cost map of a generated 2,000-block canvas (target: drawn in
 * under 1 s) — build and SVG time in the engine, and the time Chromium takes to show the HTML page
 * (when the editor-test tools are installed).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { analyzeFlow } from '../src/core/analyze';
import { readExport } from '../src/core/formats/index';
import { buildCostMap, MAP_CSS, renderHtml, renderSvg } from '../src/core/map/index';
import { COST_MAP_CSS, costMapBody } from '../src/client/costMapHtml';
import { costMapOf } from '../src/server/costMap';
import { normaliseSettings } from '../src/core/settings';
import { generateExport } from './generate';
import { child, DATA, median, ROOT, time, TOOLS } from './util';

const MAP_BLOCKS = 2000;

/** Child mode: the cost map of a one-topic canvas of MAP_BLOCKS blocks; writes its HTML page. */
export function measureMap(htmlFile: string): void {
  const text = generateExport(0, 7, MAP_BLOCKS);
  const settings = normaliseSettings({});
  let flow = readExport(text).flow;
  const analysis = analyzeFlow(flow, settings);
  const analysisMs = median([0, 1, 2].map(() => time(() => analyzeFlow((flow = readExport(text).flow), settings))));
  let map = buildCostMap(flow, analysis);
  const build = median([0, 1, 2].map(() => time(() => (map = buildCostMap(flow, analysis)))));
  const page = map.pages[0];
  let svg = '';
  const svgMs = median([0, 1, 2].map(() => time(() => (svg = renderSvg(map, page)))));
  let html = '';
  const htmlMs = median([0, 1, 2].map(() => time(() => (html = renderHtml(map, map.pages)))));
  writeFileSync(htmlFile, html);
  // The editor's webview page: the same body, style and script, with a stand-in for the VS Code API.
  let res = costMapOf(flow, analysis, 1);
  const serverMs = median([0, 1, 2].map(() => time(() => (res = costMapOf(flow, analysis, 1)))));
  if (!res.ok) throw new Error(res.error);
  const script = readFileSync(path.join(ROOT, 'media', 'costMap.js'), 'utf8');
  writeFileSync(
    htmlFile.replace(/\.html$/, '-webview.html'),
    `<!DOCTYPE html><html><head><meta charset="UTF-8"><style>${COST_MAP_CSS}${MAP_CSS}</style></head><body>` +
      `${costMapBody(res)}<script>` +
      'window.acquireVsCodeApi = () => ({ getState() {}, setState() {}, postMessage() {} });' +
      `${script}</script></body></html>`,
  );
  const blocks = page.nodes.filter((n) => n.kind === 'block').length;
  console.log(
    JSON.stringify({
      blocks,
      edges: page.edges.length,
      analysisMs,
      build,
      serverMs,
      svgMs,
      svgKb: svg.length / 1024,
      htmlMs,
    }),
  );
}

/** Runs in the page: resolves two animation frames later (layout and paint done) with the page's clock. */
const FRAME = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))';
/** Runs in the webview page: zooms in 8 steps at the centre, then reports how long the frame took. */
const ZOOM =
  '(() => { const t = performance.now(); for (let i = 0; i < 8; i++) ' +
  "document.dispatchEvent(new KeyboardEvent('keydown', { key: '+' })); " +
  `return ${FRAME}.then((now) => now - t); })()`;

interface BrowserTimes {
  /** Navigation to the first painted frame of the CLI's HTML page (median of 3). */
  page: number;
  /** The same for the webview page (script run, fitted, level of detail applied). */
  webview: number;
  /** Zooming the webview in to 1:1 detail on the centre (rows drawn, the rest culled). */
  zoom: number;
}

/** Times in headless Chromium, or why they were not measured. */
async function browserTimes(file: string, webviewFile: string): Promise<BrowserTimes | string> {
  const pw = path.join(TOOLS, 'pw', 'node_modules', 'playwright-core');
  if (!existsSync(pw) || !existsSync('/usr/bin/chromium'))
    return 'not measured: playwright-core or Chromium missing (scripts/install-editor-tools.sh installs them)';
  const { chromium } = require(pw);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const runs: BrowserTimes[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`file://${file}`);
      const full = await page.evaluate(FRAME);
      await page.goto(`file://${webviewFile}`);
      const webview = await page.evaluate(FRAME);
      const zoom = await page.evaluate(ZOOM);
      runs.push({ page: full, webview, zoom });
      await page.close();
    }
    return {
      page: median(runs.map((r) => r.page)),
      webview: median(runs.map((r) => r.webview)),
      zoom: median(runs.map((r) => r.zoom)),
    };
  } finally {
    await browser.close();
  }
}

export interface MapRun {
  blocks: number;
  edges: number;
  analysisMs: number;
  build: number;
  serverMs: number;
  svgMs: number;
  svgKb: number;
  htmlMs: number;
}

export async function mapBench(): Promise<void> {
  const file = path.join(DATA, `map-${MAP_BLOCKS}.html`);
  const m = child<MapRun>('--map', [file]);
  const b = await browserTimes(file, file.replace(/\.html$/, '-webview.html'));
  console.log(
    `\ncost map of a ${m.blocks}-block canvas (${m.edges} edges, one page), in the engine: ` +
      `buildCostMap ${m.build.toFixed(0)} ms; the server's answer to the editor (map, shapes, texts, lists) ` +
      `${m.serverMs.toFixed(0)} ms; full SVG ${m.svgMs.toFixed(0)} ms (${m.svgKb.toFixed(0)} KB); ` +
      `CLI HTML page ${m.htmlMs.toFixed(0)} ms (the analysis before them: ${m.analysisMs.toFixed(0)} ms)`,
  );
  if (typeof b === 'string') return console.log(`  in a browser: ${b}`);
  const drawn = m.serverMs + b.webview;
  console.log(
    `  in Chromium (navigation to the first painted frame, median of 3): editor webview ${b.webview.toFixed(0)} ms ` +
      `(fitted: level of detail and culling on), zoom in to full detail ${b.zoom.toFixed(0)} ms; ` +
      `CLI HTML page with every row drawn ${b.page.toFixed(0)} ms`,
  );
  console.log(`  map drawn in the editor = server + webview ≈ ${drawn.toFixed(0)} ms (target < 1000 ms)`);
}
