/**
 * Webview HTML: a strict nonce CSP (no remote anything, no inline handlers), the editor's theme
 * colours, and `esc` for every string that comes from the export file.
 */
import { randomBytes } from 'crypto';
import type * as vscode from 'vscode';

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function nonce(): string {
  return randomBytes(16)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

const CSS =
  `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 12px 16px; }
h1, h2, h3 { font-weight: 600; } h2 { font-size: 1.1em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; } .small { font-size: 11px; }
details summary { cursor: pointer; margin: .4em 0; }
.muted { color: var(--vscode-descriptionForeground); }
.warn { color: var(--vscode-editorWarning-foreground); }
table.bars { table-layout: fixed; }
table.bars caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
table.bars th { font-weight: normal; width: auto; }
table.bars td.num { width: 5.5em; vertical-align: top; }
table.bars .name { display: block; overflow-wrap: anywhere; }
.track { display: block; height: 8px; margin-top: 3px; background: var(--vscode-editorWidget-background, #8882); }
.fill { display: block; height: 100%; background: var(--vscode-charts-blue, #3794ff); }
.fill.alt { background: var(--vscode-charts-purple, #b180d7); }
.fill.ok { background: var(--vscode-charts-green, #89d185); }
.fill.warn { background: var(--vscode-charts-orange, #d18616); }
.month { position: relative; height: 22px; margin: 22px 0 22px;
  background: var(--vscode-editorWidget-background, #8882); }
.month .mark { position: absolute; top: -3px; bottom: -3px; width: 0;
  border-left: 1px dashed var(--vscode-charts-red, #f14c4c); }
.month .mark.plan { border-left: 2px solid var(--vscode-charts-red, #f14c4c); }
.month .markLabel { position: absolute; top: 25px; transform: translateX(-50%); font-size: 11px; line-height: 14px;
  color: var(--vscode-descriptionForeground); white-space: nowrap; }
.month .markLabel.top { top: -18px; }
.legend { font-size: 11px; color: var(--vscode-descriptionForeground); }
.legend .key.plan { display: inline-block; width: 10px; height: 0;
  border-top: 2px solid var(--vscode-charts-red, #f14c4c); vertical-align: middle; }
body { font-size: max(11px, var(--vscode-font-size)); }
body.side-bar { background: transparent; padding: 0 8px 12px; }
.stale { color: var(--vscode-editorWarning-foreground); }
.unreachable { opacity: .6; }
` +
  scaleClasses() +
  `
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 0;
  padding: 4px 10px; margin-right: 6px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
`;

/**
 * A complete page. `script` runs under the page's nonce; `css` is added to the common style.
 * `inSideBar`: a view in the side bar, whose own background shows through (not the editor's).
 */
export function page(
  webview: vscode.Webview,
  title: string,
  body: string,
  script = '',
  css = '',
  inSideBar = false,
): string {
  const n = nonce();
  const sources = `img-src ${webview.cspSource} data:; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
  const csp = `default-src 'none'; ${sources}`;
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${esc(title)}</title>` +
    `<style nonce="${n}">${CSS}${css}</style></head>\n` +
    `<body${inSideBar ? ' class="side-bar"' : ''}>${body}${script ? `<script nonce="${n}">${script}</script>` : ''}\n` +
    '</body></html>'
  );
}

/** Width and position classes (w0…w100, at0…at100): the CSP allows no inline style attributes. */
function scaleClasses(): string {
  const out: string[] = [];
  for (let i = 0; i <= 100; i++) out.push(`.w${i}{width:${i}%}.at${i}{left:${i}%}`);
  return out.join('');
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

/**
 * Horizontal bars as an HTML table (readable in a 300 px side bar, read by screen readers as a
 * table): name and value on one line, the bar below. Widths come from the server (0–100).
 */
export function bars(
  caption: string,
  items: { key: string; label: string; width: number }[],
  cls = '',
  max = 12,
): string {
  const shown = items.slice(0, max);
  const rows = shown.map(
    (b) =>
      `<tr><th scope="row"><span class="name" title="${esc(b.key)}">${esc(b.key)}</span>` +
      `<span class="track" aria-hidden="true"><span class="fill ${cls} w${clamp(b.width)}"></span></span></th>` +
      `<td class="num">${esc(b.label)}</td></tr>`,
  );
  const more = items.length > max ? `<p class="muted">… and ${items.length - max} more</p>` : '';
  return `<table class="bars"><caption>${esc(caption)}</caption>${rows.join('')}</table>${more}`;
}

/** Monthly credits against the plan allotment, with the plan line and the 50/75/90/100 % marks. */
export function monthChart(m: {
  label: string;
  usdLabel: string;
  budget: number | null;
  budgetLabel: string | null;
  planName: string | null;
  expectedAt: number;
  thresholds: { percent: number; label: string; at: number; day: number | null }[];
}): string {
  const over = m.budget !== null && m.thresholds.some((t) => t.percent === 100 && m.expectedAt > t.at);
  // Labels in two rows (75 and 100 % above the bar, 50 and 90 % below) so neighbours never
  // overlap; a label too close to a kept one in its row is left out (the aria-label has them all).
  const kept = new Set<number>();
  for (const row of [
    [100, 75],
    [90, 50],
  ]) {
    let last: number | undefined;
    for (const t of m.thresholds.filter((x) => row.includes(x.percent)).sort((a, b) => b.at - a.at))
      if (last === undefined || last - t.at >= 12) {
        kept.add(t.percent);
        last = t.at;
      }
  }
  const marks = m.thresholds
    .map(
      (t) =>
        `<span class="mark at${clamp(t.at)}${t.percent === 100 ? ' plan' : ''}" aria-hidden="true"></span>` +
        (kept.has(t.percent)
          ? `<span class="markLabel at${clamp(t.at)}${t.percent === 75 || t.percent === 100 ? ' top' : ''}" ` +
            `aria-hidden="true">${t.percent}%</span>`
          : ''),
    )
    .join('');
  const aria =
    `Projected ${m.label} credits (${m.usdLabel}) per month` +
    (m.budget === null
      ? '; no plan allotment known'
      : ` against ${m.budgetLabel} credits${m.planName ? ` (${m.planName})` : ''}: ` +
        m.thresholds.map((t) => `${t.percent}% is ${t.label} credits`).join(', '));
  const legend =
    m.budget === null
      ? ''
      : `<p class="legend"><span class="key plan"></span> plan: ${esc(m.budgetLabel)} credits` +
        `${m.planName ? ` (${esc(m.planName)})` : ''} · marks at 50, 75, 90 and 100 %</p>`;
  return (
    `<div class="month" role="img" aria-label="${esc(aria)}">` +
    `<span class="fill ${over ? 'alt' : 'ok'} w${clamp(m.expectedAt)}"></span>${marks}</div>` +
    `<p class="value">${esc(m.label)} credits · ${esc(m.usdLabel)} per month</p>${legend}`
  );
}
