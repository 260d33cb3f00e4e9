/**
 * One analysis per open document, cached by (uri, version). Changes are debounced, and a result
 * for a version that is no longer current is never published. A request never waits on a
 * debounce that a newer edit may cancel: it gets the newest analysis, running it at once when
 * its debounce has not fired yet, and `undefined` once the document is closed. An analysis that
 * throws becomes a published error (logged with its stack), never a silent gap.
 *
 * Incremental: an edit inside one node of the last version that parsed re-parses that node only
 * (json/incremental.ts). The engine keeps what the rest needs (core/memo.ts): an edit in a step's
 * text re-reads that step alone (formats/voiceflow/reuse.ts), re-prices it alone (stepRows.ts),
 * re-counts the tokens of the strings that changed (tokens.ts), and replays the walk of a flow of
 * the same structure, re-evaluating the states that read the new price (turns/plan.ts). The
 * result is the same as a full analysis of the text (tests compare them after every edit).
 */
import { URI } from 'vscode-uri';
import type { Analysis } from '../core/analyze';
import { readOptions } from '../core/analyze';
import { readDocument } from '../core/formats/index';
import { ExportError, parseJsonDocument, type JsonDocument } from '../core/json/document';
import { changedRegion, patchDocument } from '../core/json/incremental';
import { LineIndex } from '../core/json/positions';
import { keepEngineCaches } from '../core/memo';
import { betweenStages, collectBetweenStages, memoryStage } from '../node/memory';
import { Rates } from '../core/pricing/rates';
import { fmtInt } from '../core/report/display';
import type { JsonReport } from '../core/report/json';
import type { Flow } from '../core/flow/types';
import type { Diagnostic } from '../core/types';
import { analyzeWithProject, emptyProject, loadProject, Project } from '../node/project';
import { describeUnexpected } from '../node/unexpected';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  analysis?: Analysis;
  /** The flow the analysis read (the cost map draws its blocks). */
  flow?: Flow;
  /** The parsed text (the next version is patched from it after an edit). */
  doc?: JsonDocument;
  /** Whether the text was patched from the previous version (one node re-parsed) or parsed whole. */
  parse?: 'patched' | 'full';
  report?: JsonReport;
  /** The project file and settings the analysis used. */
  project: Project;
  /** Set when the text could not be analysed (invalid JSON, not an export, or an internal error). */
  error?: { message: string; diagnostics: Diagnostic[]; notAnExport: boolean };
  /**
   * When this version does not parse (a half-typed edit): the last version of the document that
   * did, whose figures the editor keeps showing, marked out of date.
   */
  lastGood?: DocumentAnalysis;
  millis: number;
}

/** "JSON error at line 4397": why the figures shown are out of date, or undefined. */
export function staleReason(doc: DocumentAnalysis): string | undefined {
  if (!doc.error || !doc.lastGood) return undefined;
  const line = doc.error.diagnostics[0]?.range?.start.line;
  return line === undefined ? 'the file does not parse' : `JSON error at line ${fmtInt(line + 1)}`;
}

export interface StoreHooks {
  /** Called with each fresh result (for diagnostics and refresh notifications). */
  published(result: DocumentAnalysis): void;
  /** Wraps long work (large files) so the editor can show progress. */
  progress<T>(uri: string, bytes: number, work: () => T): Promise<T>;
  /** An analysis threw: the stack, for the output channel. */
  failed(uri: string, detail: string): void;
}

/** Where projects come from: editor overrides, the configured project file, the search boundary. */
export interface ProjectSource {
  overrides(): Record<string, unknown>;
  configPath(): string | undefined;
  searchRoot(file: string): string;
}

interface Entry {
  version: number;
  text: string;
  timer?: NodeJS.Timeout;
  running?: Promise<DocumentAnalysis>;
  result?: DocumentAnalysis;
  /** This version is the file's text on disk, not a typed edit (see fromDisk). */
  fromDisk?: boolean;
}

/** Default wait after an edit before analysing (initializationOptions.debounceMs sets another). */
export const DEBOUNCE_MS = 300;
/** The longest debounce initializationOptions.debounceMs may ask for. */
const MAX_DEBOUNCE_MS = 10_000;

/** The debounce an editor asked for (initializationOptions.debounceMs): 0–10,000 ms, else the default. */
export function debounceOf(asked: unknown): number {
  return typeof asked === 'number' && Number.isFinite(asked) && asked >= 0
    ? Math.min(Math.round(asked), MAX_DEBOUNCE_MS)
    : DEBOUNCE_MS;
}

/** Files at least this large report progress. */
export const PROGRESS_BYTES = 1_000_000;

export { looksLikeExport } from '../sniff';

export class AnalysisStore {
  private readonly docs = new Map<string, Entry>();
  /** The last analysis with figures of each open document (kept through half-typed edits). */
  private readonly good = new Map<string, DocumentAnalysis>();
  /** The bundled rate card (models list, what-if look-ups); projects may add negotiated rates. */
  readonly rates = new Rates();

  /** Milliseconds an edit waits before it is analysed (another edit restarts the wait). */
  debounceMs = DEBOUNCE_MS;

  constructor(
    private readonly hooks: StoreHooks,
    private readonly source: ProjectSource,
    /** The engine call (tests pass one that fails). */
    private readonly analyse: typeof analyzeWithProject = analyzeWithProject,
  ) {
    // Documents are analysed again after every edit: the engine keeps what it can reuse.
    keepEngineCaches(true);
    // A large export opened or parsed afresh is analysed in stages, its garbage collected between
    // them; an edit patched into the kept parse is collected only on very large texts
    // (node/memory.ts).
    collectBetweenStages();
  }

  /** Editor settings, trust, folders or a project file changed: analyse every open document again. */
  reanalyseAll(): void {
    for (const [uri, e] of this.docs) this.update(uri, e.version, e.text, 0);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** True when `version` of the document is the one being (or already) analysed. */
  hasVersion(uri: string, version: number): boolean {
    return this.docs.get(uri)?.version === version;
  }

  /** The project of a document: its nearest .agentcost.yaml (file: URIs) or the configured one. */
  projectFor(uri: string, extra: Record<string, unknown> = {}): Project {
    const u = URI.parse(uri);
    const file = u.scheme === 'file' ? u.fsPath : undefined;
    const overrides = { ...this.source.overrides(), ...extra };
    return loadProject(file, this.source.configPath(), overrides, file && this.source.searchRoot(file));
  }

  /** A document was opened or changed: analyse it after `delay` ms unless it changes again. */
  update(uri: string, version: number, text: string, delay = this.debounceMs): void {
    const prev = this.docs.get(uri);
    if (prev?.timer) clearTimeout(prev.timer);
    const e: Entry = { version, text };
    this.docs.set(uri, e);
    e.timer = setTimeout(() => {
      e.timer = undefined;
      void this.start(uri, e);
    }, delay);
  }

  close(uri: string): void {
    const e = this.docs.get(uri);
    if (e?.timer) clearTimeout(e.timer);
    this.docs.delete(uri);
    this.good.delete(uri);
  }

  /**
   * `version` of the document is the file's text on disk, not a typed edit (the editor reloaded
   * or reverted it): if it does not parse, it keeps no last good figures, as a file just opened
   * has none (a result that shows them already lets go of them and is published again).
   */
  fromDisk(uri: string, version: number): void {
    const e = this.docs.get(uri);
    if (!e || e.version !== version) return;
    e.fromDisk = true;
    if (!e.result?.lastGood) return;
    this.good.delete(uri);
    e.result.lastGood = undefined;
    this.hooks.published(e.result);
  }

  /**
   * The newest analysis of a document: the current version's, analysed now if it was still
   * waiting for its debounce. Undefined for a document that is not (or no longer) open.
   */
  async get(uri: string): Promise<DocumentAnalysis | undefined> {
    const e = this.docs.get(uri);
    if (!e) return undefined;
    if (e.result) return e.result;
    if (e.timer) {
      clearTimeout(e.timer);
      e.timer = undefined;
    }
    const result = await this.start(uri, e);
    // Edits may have arrived meanwhile: a newer finished analysis wins; a closed document has none.
    const now = this.docs.get(uri);
    return now ? (now.result ?? result) : undefined;
  }

  private start(uri: string, e: Entry): Promise<DocumentAnalysis> {
    e.running ??= this.run(uri, e);
    return e.running;
  }

  private async run(uri: string, e: Entry): Promise<DocumentAnalysis> {
    let result: DocumentAnalysis;
    try {
      // The last good analysis stays for a text that does not parse (its figures are shown, out of date).
      // The previous version's parse is looked up when the text is parsed, not held here: it is
      // garbage once the new version is patched from it (two versions are never kept through an analysis).
      const previous = () => this.good.get(uri)?.doc;
      const work = () => this.analyseNow(uri, e.version, e.text, {}, previous, () => this.good.delete(uri));
      result = e.text.length >= PROGRESS_BYTES ? await this.hooks.progress(uri, e.text.length, work) : work();
    } catch (err) {
      result = this.failed(uri, e, err);
    }
    e.result = result;
    // Publish only if this is still the document's current version.
    if (this.docs.get(uri) === e) {
      if (result.report) this.good.set(uri, result);
      // Only a half-typed edit (the JSON does not parse) keeps the last good figures, marked out of
      // date; an analysis that failed for another reason shows its error, never stale figures.
      // The file's text on disk (fromDisk) is no half-typed edit: it shows no earlier figures.
      else if (result.error?.diagnostics[0]?.rule === 'invalid-json' && !e.fromDisk)
        result.lastGood = this.good.get(uri);
      else this.good.delete(uri);
      this.hooks.published(result);
    }
    return result;
  }

  /**
   * Synchronous analysis of one text with its project (`extra`: what-if overrides). `previous`:
   * the parsed text of an earlier version (or where to find it), patched when the edit allows
   * (json/incremental.ts). `parsed` runs once the text parses, before the analysis (the store lets
   * go of the last analysis there, so two are never in memory at once).
   */
  analyseNow(
    uri: string,
    version: number,
    text: string,
    extra: Record<string, unknown> = {},
    previous?: JsonDocument | (() => JsonDocument | undefined),
    parsed?: () => void,
  ): DocumentAnalysis {
    const t = Date.now();
    const project = this.projectFor(uri, extra);
    try {
      const { doc, patched } = parseOrPatch(text, previous);
      memoryStage(`version ${version} ${patched ? 'patched' : 'parsed'}`);
      parsed?.();
      // The last analysis was let go above: it is garbage now, as is (after a fresh parse) the JSON
      // text's parse buffer; after the analysis, the flow it read (node/memory.ts says when).
      betweenStages(text, patched);
      const { analysis, report, lines } = this.analyse(text, project, uri, doc);
      memoryStage(`version ${version} analysed`);
      betweenStages(text, patched);
      // The cost map's flow is read again when asked for, not kept with every version.
      const options = readOptions(project.settings);
      let flow: Flow | undefined;
      return {
        uri,
        version,
        text,
        lines,
        analysis,
        report,
        get flow() {
          return (flow ??= readDocument(doc, options));
        },
        doc,
        parse: patched ? 'patched' : 'full',
        project,
        millis: Date.now() - t,
      };
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

  /** An analysis that threw: logged, and published as one error on the first line. */
  private failed(uri: string, e: Entry, err: unknown): DocumentAnalysis {
    const u = describeUnexpected(err);
    this.hooks.failed(uri, u.detail);
    let project: Project;
    try {
      project = this.projectFor(uri);
    } catch {
      project = emptyProject();
    }
    const where = u.inputProblem ? '' : ' (details in the Agent Cost output)';
    const message = `Agent Cost could not analyse this file: ${u.message}${where}`;
    return {
      uri,
      version: e.version,
      text: e.text,
      lines: new LineIndex(e.text),
      project,
      error: {
        message,
        diagnostics: [{ rule: 'internal-error', severity: 'error', message }],
        notAnExport: false,
      },
      millis: 0,
    };
  }
}

/**
 * The parsed `text`: patched from the previous version's document when the edit allows, else
 * parsed whole. A function of its own, so the previous document is not held (in a caller's frame)
 * past this point: after an edit that version's text and line index are garbage.
 */
function parseOrPatch(
  text: string,
  previous: JsonDocument | (() => JsonDocument | undefined) | undefined,
): { doc: JsonDocument; patched: boolean } {
  const prev = typeof previous === 'function' ? previous() : previous;
  const patched = prev && patchedDocument(prev, text);
  return patched ? { doc: patched, patched: true } : { doc: parseJsonDocument(text), patched: false };
}

/** The document for `text` patched from `prev` (one edited node re-parsed), or undefined. */
function patchedDocument(prev: JsonDocument, text: string): JsonDocument | undefined {
  if (text === prev.text) return prev;
  const change = changedRegion(prev.text, text);
  return change && patchDocument(prev, text, change);
}
