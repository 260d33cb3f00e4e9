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

const CSS = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 12px 16px; }
h1, h2, h3 { font-weight: 600; } h2 { font-size: 1.1em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--vscode-descriptionForeground); }
.warn { color: var(--vscode-editorWarning-foreground); }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
.bar { fill: var(--vscode-charts-blue, #3794ff); } .bar.alt { fill: var(--vscode-charts-purple, #b180d7); } .bar.ok { fill: var(--vscode-charts-green, #89d185); }
.line { stroke: var(--vscode-charts-red, #f14c4c); stroke-dasharray: 3 2; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 0; padding: 4px 10px; margin-right: 6px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
`;

/** A complete page. `script` runs under the page's nonce; `css` is added to the common style. */
export function page(webview: vscode.Webview, title: string, body: string, script = '', css = ''): string {
  const n = nonce();
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${esc(title)}</title><style nonce="${n}">${CSS}${css}</style></head>
<body>${body}${script ? `<script nonce="${n}">${script}</script>` : ''}</body></html>`;
}

/** Horizontal bars (values are decimal strings; only their ratio matters here). */
export function bars(items: { key: string; value: string; label: string }[], cls = '', max = 12): string {
  const shown = items.slice(0, max);
  const top = Math.max(...shown.map((b) => Number(b.value)), 0) || 1;
  const rowH = 20;
  const rows = shown.map((b, i) => {
    const w = Math.max(1, Math.round((Number(b.value) / top) * 160));
    return (
      `<text x="0" y="${i * rowH + 13}">${esc(b.key.length > 34 ? b.key.slice(0, 33) + '…' : b.key)}</text>` +
      `<rect class="bar ${cls}" x="210" y="${i * rowH + 3}" width="${w}" height="13"></rect>` +
      `<text x="${216 + w}" y="${i * rowH + 13}">${esc(b.label)}</text>`
    );
  });
  const more = items.length > max ? `<p class="muted">… and ${items.length - max} more</p>` : '';
  return `<svg role="img" width="100%" viewBox="0 0 440 ${shown.length * rowH + 4}" preserveAspectRatio="xMinYMin meet">${rows.join('')}</svg>${more}`;
}

/** Monthly credits against the plan allotment, with the 50/75/90/100 % alert lines. */
export function monthChart(m: {
  expected: string;
  label: string;
  budget: number | null;
  thresholds: { percent: number; credits: number }[];
}): string {
  const expected = Number(m.expected);
  const scale = Math.max(expected, m.budget ?? 0) * 1.1 || 1;
  const x = (v: number) => Math.round((v / scale) * 400) + 10;
  const lines =
    m.budget === null
      ? ''
      : m.thresholds
          .map(
            (t) =>
              `<line class="line" x1="${x(t.credits)}" x2="${x(t.credits)}" y1="4" y2="40"></line><text x="${x(t.credits) - 10}" y="52">${t.percent}%</text>`,
          )
          .join('');
  return `<svg role="img" width="100%" viewBox="0 0 440 58" preserveAspectRatio="xMinYMin meet"><rect class="bar ${m.budget !== null && expected > m.budget ? 'alt' : 'ok'}" x="10" y="12" width="${Math.max(1, x(expected) - 10)}" height="20"></rect>${lines}</svg>`;
}
