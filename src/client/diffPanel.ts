/** "Compare with Git HEAD": the cost diff of the export against its committed version, in a panel. */
import * as vscode from 'vscode';
import type { DiffResult } from '../protocol';
import { esc, page } from './html';

type Ok = Extract<DiffResult, { ok: true }>;

export function diffHtml(webview: vscode.Webview, file: string, base: string, res: Ok): string {
  const d = res.diff;
  const row = (label: string, x: Ok['diff']['conversation']) =>
    `<tr><td>${label}</td><td class="num">${esc(x.before ?? 'unknown')}</td><td class="num">${esc(x.after ?? 'unknown')}</td><td class="num">${esc(x.delta ?? 'unknown')}${x.percent === null ? '' : ` (${esc(x.percent)} %)`}</td></tr>`;
  const body = `<h1>Cost change against ${esc(base)}</h1><p class="muted">${esc(file)} · exact figures, credits</p>
<table><tr><th></th><th class="num">${esc(base)}</th><th class="num">now</th><th class="num">change</th></tr>
${row('Credits per conversation', d.conversation)}${row('Credits per month', d.month)}${row('USD per month', d.monthUsd)}</table>
<h2>Steps (${d.steps.length})</h2>${
    d.steps.length
      ? `<table><tr><th>step</th><th>type</th><th>change</th><th class="num">credits per run</th><th>model</th></tr>
${d.steps.map((s) => `<tr><td>${esc(s.name)}</td><td>${esc(s.type)}</td><td>${esc(s.change)}</td><td class="num">${esc(s.before ?? 'unknown')} → ${esc(s.after ?? 'unknown')}</td><td>${esc(s.modelBefore ?? '-')} → ${esc(s.modelAfter ?? '-')}</td></tr>`).join('')}</table>`
      : '<p>No step changed cost.</p>'
  }
<h2>Turns (${d.turns.length})</h2>${d.turns.length ? `<table><tr><th>turn</th><th>change</th><th class="num">expected credits</th></tr>${d.turns.map((t) => `<tr><td>${esc(t.id)}</td><td>${esc(t.change)}</td><td class="num">${esc(t.before ?? 'unknown')} → ${esc(t.after ?? 'unknown')}</td></tr>`).join('')}</table>` : '<p>No turn changed cost.</p>'}`;
  return page(webview, `Cost change against ${base}`, body);
}
