/** Engine diagnostics → LSP diagnostics (a finding without a range sits on the first line). */
import { DiagnosticSeverity, Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../core/types';
import type { DocumentAnalysis } from './analysisStore';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};
const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

export function lspDiagnostics(doc: DocumentAnalysis): LspDiagnostic[] {
  const list = doc.error ? doc.error.diagnostics : doc.analysis?.diagnostics ?? [];
  return list.map((d) => ({
    range: d.range ? { start: d.range.start, end: d.range.start.line === d.range.end.line ? d.range.end : { line: d.range.start.line, character: d.range.start.character + 1 } } : TOP,
    severity: SEVERITY[d.severity],
    source: 'agent-cost',
    code: d.rule,
    message: d.message,
  }));
}
