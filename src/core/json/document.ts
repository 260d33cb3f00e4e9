/**
 * Export text → a parsed JSON document with a line index, or an ExportError with positioned
 * diagnostics. Format-neutral: every reader starts here. A UTF-8 byte-order mark is dropped first,
 * as VS Code does, so positions agree between the editor and the CLI.
 */
import type { Diagnostic } from '../types';
import { jsonSyntaxDiagnostics } from './errors';
import { LineIndex } from './positions';
import type { ObjectSpan } from './spans';

/** The text could not be analysed at all (not JSON, or not an export of a known format). */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(message);
  }

  /** True when the text is JSON but not an export (an ordinary JSON file). */
  get notAnExport(): boolean {
    return this.diagnostics[0]?.rule === 'not-an-export';
  }
}

export interface JsonDocument {
  /** The text analysed (without a byte-order mark). */
  text: string;
  lines: LineIndex;
  root: unknown;
  /**
   * Object spans found so far, by pattern (see spans.ts `documentSpans`): computed on first use,
   * carried over (shifted) to the next version of the text by an incremental edit.
   */
  spans: Map<string, ObjectSpan[]>;
}

export const BOM = '\uFEFF';

/** Drops a leading byte-order mark (VS Code never shows it to extensions). */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Parses JSON text. Throws ExportError (with the position of each syntax error) when it is not JSON. */
export function parseJsonDocument(raw: string): JsonDocument {
  const text = withoutBom(raw);
  const lines = new LineIndex(text);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    const diags = jsonSyntaxDiagnostics(text, lines);
    throw new ExportError(diags[0].message, diags);
  }
  return { text, lines, root, spans: new Map() };
}

/** The error for JSON that no format reader recognises. */
export function notAnExport(doc: JsonDocument, message: string): ExportError {
  return new ExportError(message, [
    { rule: 'not-an-export', severity: 'error', message, range: doc.lines.range(0, Math.min(1, doc.text.length)) },
  ]);
}
