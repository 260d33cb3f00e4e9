/**
 * One analysis per open document, cached by (uri, version). Changes are debounced; a result for
 * a version that is no longer current is dropped (stale work is never published), and requests
 * for the current version wait for its analysis instead of starting another.
 */
import { URI } from 'vscode-uri';
import type { Analysis } from '../core/analyze';
import { ExportError } from '../core/json/document';
import { LineIndex } from '../core/json/positions';
import { Rates } from '../core/pricing/rates';
import type { JsonReport } from '../core/report/json';
import type { Flow } from '../core/flow/types';
import type { Diagnostic } from '../core/types';
import { analyzeWithProject, loadProject, Project } from '../node/project';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  analysis?: Analysis;
  /** The flow the analysis read (the cost map draws its blocks). */
  flow?: Flow;
  report?: JsonReport;
  /** The project file and settings the analysis used. */
  project: Project;
  /** Set when the text could not be analysed (invalid JSON or not an export). */
  error?: { message: string; diagnostics: Diagnostic[]; notAnExport: boolean };
  millis: number;
}

export interface StoreHooks {
  /** Called with each fresh result (for diagnostics and refresh notifications). */
  published(result: DocumentAnalysis): void;
  /** Wraps long work (large files) so the editor can show progress. */
  progress<T>(uri: string, bytes: number, work: () => T): Promise<T>;
}

interface Entry {
  version: number;
  text: string;
  timer?: NodeJS.Timeout;
  pending?: Promise<DocumentAnalysis>;
  result?: DocumentAnalysis;
}

export const DEBOUNCE_MS = 250;
/** Files at least this large report progress. */
export const PROGRESS_BYTES = 1_000_000;

/** Cheap check for `.json` files: only Voiceflow exports are analysed. */
export function looksLikeExport(text: string): boolean {
  const head = text.slice(0, 200_000);
  return head.includes('"diagrams"') && head.includes('"version"');
}

export class AnalysisStore {
  private readonly docs = new Map<string, Entry>();
  /** The bundled rate card (models list, what-if look-ups); projects may add negotiated rates. */
  readonly rates = new Rates();
  private overrides: Record<string, unknown> = {};
  private configPath?: string;

  constructor(private readonly hooks: StoreHooks) {}

  /** Editor overrides or the project file changed: analyse every open document again. */
  configure(overrides: Record<string, unknown>, configPath: string | undefined): void {
    this.overrides = overrides;
    this.configPath = configPath;
    this.reanalyseAll();
  }

  reanalyseAll(): void {
    for (const [uri, e] of this.docs) this.update(uri, e.version, e.text, 0);
  }

  /** The project of a document: its nearest .agentcost.yaml (file: URIs) or the configured one. */
  projectFor(uri: string, extra: Record<string, unknown> = {}): Project {
    const u = URI.parse(uri);
    return loadProject(u.scheme === 'file' ? u.fsPath : undefined, this.configPath, { ...this.overrides, ...extra });
  }

  /** A document was opened or changed: analyse it after `delay` ms unless it changes again. */
  update(uri: string, version: number, text: string, delay = DEBOUNCE_MS): void {
    const prev = this.docs.get(uri);
    if (prev?.timer) clearTimeout(prev.timer);
    const e: Entry = { version, text };
    this.docs.set(uri, e);
    e.pending = new Promise((resolve) => {
      e.timer = setTimeout(() => {
        e.timer = undefined;
        this.run(uri, e).then(resolve, () => resolve(this.failed(uri, e, 'internal error')));
      }, delay);
    });
  }

  close(uri: string): void {
    const e = this.docs.get(uri);
    if (e?.timer) clearTimeout(e.timer);
    this.docs.delete(uri);
  }

  /** The analysis of the current version (waits for it); undefined for an unknown document. */
  async get(uri: string): Promise<DocumentAnalysis | undefined> {
    const e = this.docs.get(uri);
    if (!e) return undefined;
    if (e.result && e.result.version === e.version) return e.result;
    return e.pending;
  }

  private async run(uri: string, e: Entry): Promise<DocumentAnalysis> {
    const work = () => this.analyseNow(uri, e.version, e.text);
    const result = e.text.length >= PROGRESS_BYTES ? await this.hooks.progress(uri, e.text.length, work) : work();
    // Publish only if this is still the document's current version.
    if (this.docs.get(uri) === e) {
      e.result = result;
      this.hooks.published(result);
    }
    return result;
  }

  /** Synchronous analysis of one text with its project (`extra`: what-if overrides). */
  analyseNow(uri: string, version: number, text: string, extra: Record<string, unknown> = {}): DocumentAnalysis {
    const t = Date.now();
    const project = this.projectFor(uri, extra);
    try {
      const { analysis, report, lines, flow } = analyzeWithProject(text, project, uri);
      return { uri, version, text, lines, analysis, report, flow, project, millis: Date.now() - t };
    } catch (err) {
      if (!(err instanceof ExportError)) throw err;
      return {
        uri,
        version,
        text,
        lines: new LineIndex(text),
        project,
        error: {
          message: err.message,
          diagnostics: err.diagnostics,
          notAnExport: err.diagnostics[0]?.rule === 'not-an-export',
        },
        millis: Date.now() - t,
      };
    }
  }

  private failed(uri: string, e: Entry, message: string): DocumentAnalysis {
    return {
      uri,
      version: e.version,
      text: e.text,
      lines: new LineIndex(e.text),
      project: this.projectFor(uri),
      error: { message, diagnostics: [], notAnExport: false },
      millis: 0,
    };
  }
}
