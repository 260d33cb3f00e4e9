/** What a format reader is: a cheap `detect` on the parsed JSON and `read` into the neutral flow model. */
import type { Flow } from '../flow/types';
import type { JsonDocument } from '../json/document';
import type { Channel } from '../types';

export interface ReadOptions {
  /** Force the channel instead of reading it from the project. */
  channel?: Channel;
}

export interface ExportFormat {
  /** Folder name under `src/core/formats/`, also `Flow.format.id`. */
  id: string;
  /** Name shown to people ("Voiceflow"). */
  label: string;
  /** True when the document is this format's export (cheap: looks at top-level keys only). */
  detect(root: unknown): boolean;
  /** The flow of a detected document. Tolerant: problems become `flow.diagnostics`. */
  read(doc: JsonDocument, options: ReadOptions): Flow;
}
