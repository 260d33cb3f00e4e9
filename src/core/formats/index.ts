/**
 * The only registry of export formats. A new format is one folder under `src/core/formats/` that
 * exports an `ExportFormat`, added to FORMATS below; nothing outside this folder imports a format.
 */
import type { Flow } from '../flow/types';
import { JsonDocument, notAnExport, parseJsonDocument } from '../json/document';
import type { ExportFormat, ReadOptions } from './format';
import { voiceflow } from './voiceflow/index';
import { voiceflow2026 } from './voiceflow2026/index';

export type { ExportFormat, ReadOptions } from './format';

/** Every format, most specific first: the first whose `detect` accepts a document reads it. */
export const FORMATS: readonly ExportFormat[] = [voiceflow2026, voiceflow];

/** The format of a parsed document, or undefined. */
export function detectFormat(root: unknown): ExportFormat | undefined {
  return FORMATS.find((f) => f.detect(root));
}

/**
 * Reads export text into a Flow. Throws ExportError when the text is not JSON (with the position
 * of each syntax error) or is JSON that no format recognises (rule `not-an-export`).
 */
export function readExport(text: string, options: ReadOptions = {}): { flow: Flow; doc: JsonDocument } {
  const doc = parseJsonDocument(text);
  return { flow: readDocument(doc, options), doc };
}

/** Reads a parsed document (e.g. one patched after an edit, json/incremental.ts) into a Flow. */
export function readDocument(doc: JsonDocument, options: ReadOptions = {}): Flow {
  const format = detectFormat(doc.root);
  if (!format) throw notAnExport(doc, notAnExportMessage(doc.root));
  return format.read(doc, options);
}

function notAnExportMessage(root: unknown): string {
  const obj =
    typeof root === 'object' && root !== null && !Array.isArray(root) ? (root as Record<string, unknown>) : null;
  const missing = ['version', 'diagrams'].filter((k) => !obj || typeof obj[k] !== 'object' || obj[k] === null);
  return (
    `Not a Voiceflow export: the top-level object has no ${missing.join(' or ') || 'object'} (expected ` +
    `"version" and "diagrams")`
  );
}
