/**
 * Engine diagnostics → LSP diagnostics. A finding without a range sits on the first line; rule
 * findings link to their docs page and carry { rule, stepId, fix } for the quick fixes.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { RULE_IDS, ruleDocsPath } from '../core/rules/index';
import type { Diagnostic } from '../core/types';
import type { DocumentAnalysis } from './analysisStore';
import type { DiagnosticData } from './codeActions';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
/** The package root, where docs/rules ships: the nearest folder above this file that has it (dist → ..). */
export const PACKAGE_ROOT = packageRoot(__dirname);

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'docs', 'rules'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export function ruleDocsUri(rule: string): string {
  return URI.file(path.join(PACKAGE_ROOT, ruleDocsPath(rule))).toString();
}

/** The findings of a document: its parse errors, or the analysis' diagnostics. */
export function documentDiagnostics(doc: Pick<DocumentAnalysis, 'error' | 'analysis'>): Diagnostic[] {
  return doc.error ? doc.error.diagnostics : (doc.analysis?.diagnostics ?? []);
}

export function lspDiagnostics(list: Diagnostic[]): LspDiagnostic[] {
  return list.map((d) => {
    const data: DiagnosticData = { rule: d.rule, stepId: d.stepId, fix: d.fix };
    return {
      range: d.range
        ? {
            start: d.range.start,
            end:
              d.range.start.line === d.range.end.line
                ? d.range.end
                : { line: d.range.start.line, character: d.range.start.character + 1 },
          }
        : TOP,
      severity: SEVERITY[d.severity],
      source: 'agent-cost',
      code: d.rule,
      ...(RULE_IDS.has(d.rule) ? { codeDescription: { href: ruleDocsUri(d.rule) } } : {}),
      message: d.message,
      data,
    };
  });
}
