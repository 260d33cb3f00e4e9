/**
 * The cost map's stylesheet, shared by the standalone SVG, the CLI's HTML page and the editor's
 * webview. Colours read the editor's theme variables when they exist (webview) and fall back to a
 * light theme elsewhere. The cost scale is fixed (light yellow → dark red, readable on both themes);
 * the root's class picks the scale: `scale-run` (credits per run) or `scale-conv` (per conversation).
 */
import { LEVELS } from './scale';

/** Fill of each non-zero level, cheapest first, and whether its text must be light. */
export const LEVEL_COLOURS: { fill: string; lightText: boolean }[] = [
  { fill: '#ffffb2', lightText: false },
  { fill: '#fecc5c', lightText: false },
  { fill: '#fd8d3c', lightText: false },
  { fill: '#f03b20', lightText: true },
  { fill: '#bd0026', lightText: true },
];
export const UNKNOWN_FILL = '#9e9ac8';

const FG = 'var(--vscode-foreground, #1f2328)';
const MUTED = 'var(--vscode-descriptionForeground, #6e7781)';
const CARD = 'var(--vscode-editorWidget-background, #ffffff)';
const BORDER = 'var(--vscode-editorWidget-border, var(--vscode-panel-border, #c9ced6))';
const WARN = 'var(--vscode-editorWarning-foreground, #bf8700)';
const FOCUS = 'var(--vscode-focusBorder, #0969da)';

function levelRules(): string {
  const rules: string[] = [];
  for (const [scale, prefix] of [
    ['scale-run', 'lv'],
    ['scale-conv', 'cv'],
  ]) {
    LEVEL_COLOURS.slice(0, LEVELS).forEach((c, i) => {
      const sel = `.${scale} .${prefix}${i + 1}`;
      rules.push(`${sel}>.hd{fill:${c.fill}}${sel}>.card{stroke:${c.fill}}`);
      // Zoomed far out (the editor's level of detail) a block is one patch of its colour.
      rules.push(`.${scale}.lod-low .${prefix}${i + 1}>.card{fill:${c.fill}}`);
      if (c.lightText) rules.push(`${sel}>.hdt{fill:#fff}`);
      rules.push(`.${scale} .sw.${prefix}${i + 1}{background:${c.fill}}`);
    });
    rules.push(`.${scale} .${prefix}u>.hd{fill:${UNKNOWN_FILL}}.${scale} .sw.${prefix}u{background:${UNKNOWN_FILL}}`);
    rules.push(`.${scale}.lod-low .${prefix}u>.card{fill:${UNKNOWN_FILL}}`);
    rules.push(`.${scale}.lod-low .${prefix}0>.card{fill:${BORDER}}`);
  }
  return rules.join('');
}

export const MAP_CSS = `
.costmap{font-family:var(--vscode-font-family, system-ui, sans-serif);font-size:11px}
.costmap text{fill:${FG}}
.costmap .card{fill:${CARD};stroke:${BORDER};stroke-width:1.5}
.costmap .hd{fill:${CARD}}
.costmap .hdt{font-weight:600;font-size:12px}
.costmap .row text{fill:${FG}}
.costmap .row.free text,.costmap .row .rcost,.costmap .rmodel{fill:${MUTED}}
.costmap .row.llm .rcost,.costmap .row.credits .rcost{fill:${FG};font-weight:600}
.costmap .row.unknown .rcost{fill:${WARN};font-weight:600}
.costmap .row.sub .rname{text-decoration:underline}
.costmap .wait-mark{fill:${FG}}
.costmap .sep{stroke:${BORDER}}
.costmap .start>.card{fill:${CARD};stroke:${FG}}
.costmap .actions>.card{stroke-dasharray:4 3}
.costmap .edge{fill:none;stroke:${MUTED};stroke-width:1.5;opacity:.8}
.costmap .arrow{fill:${MUTED}}
.costmap .edge.loop{stroke:${WARN};stroke-width:2;opacity:1}
.costmap .node.loop>.card{stroke:${WARN};stroke-width:3;stroke-dasharray:6 3}
.costmap .node.unbounded>.card{stroke:${WARN};stroke-width:4}
.costmap .node.unreachable{opacity:.45}
.costmap .node.unreachable>.hd{fill:${BORDER}}
.costmap .node.unreachable>.hdt{fill:${FG}}
.costmap .agent>.card{stroke-width:2.5}
.costmap .sk-what,.costmap .sk-label{fill:${MUTED}}
.costmap .sk-value{font-weight:600}
.costmap .sk-value.unknown{fill:${WARN}}
.costmap .node[data-page] .sk-what,.costmap .hdt.sub{text-decoration:underline}
.costmap .share .pill{fill:${CARD};stroke:${BORDER}}
.costmap .share text{font-weight:600}
.costmap .node:focus{outline:none}
.costmap .node:focus>.card,.costmap .node.found>.card{stroke:${FOCUS};stroke-width:4;stroke-dasharray:none}
${levelRules()}
.sw{display:inline-block;width:1.6em;height:1em;vertical-align:middle;border:1px solid ${BORDER};margin-right:.3em}
.sw.warn{border:3px solid ${WARN}}.sw.grey{opacity:.45}
`
  .replace(/\n/g, '')
  .trim();
