/**
 * Peak memory of analyses. A 50 MB export is read in stages (text → JSON tree → flow → analysis →
 * report), each leaving hundreds of MB of garbage; V8 collects it when it sees fit, which on a
 * large export is after the next stage has grown the heap further (V8 lets the heap grow to about
 * twice what was live at the last collection before it collects again). A process that opts in
 * (`collectBetweenStages`) has a full collection run between the stages of a large analysis:
 * a 50 MB report peaks ~250 MB lower, for a few hundred ms.
 *
 * The language server opts in. A text it parses afresh (opening a file) is collected between
 * stages from LARGE_TEXT up. An edit patched into the kept parse is collected before and after its
 * analysis, only from HUGE_TEXT up: before, the last version's analysis (let go once the new text
 * has parsed) and what the requests on it left are garbage; after, the flow the analysis read.
 * Left to V8, both stayed in the heap through the next analysis: a 47 MB export peaked ~160 MB
 * higher on its first edit, and higher still on later ones. Below HUGE_TEXT the collections would
 * be a noticeable share of the time an edit takes to show (a full collection takes ~50 ms on a
 * 12 MB export, a third of an edit's analysis; ~180 ms on a 47 MB one, whose edit takes seconds).
 * HUGE_TEXT is the engine's (core/memo.ts), which keeps less between analyses of such texts too.
 */
import { setFlagsFromString } from 'v8';
import { HUGE_TEXT } from '../core/memo';
import { runInNewContext } from 'vm';

/** Texts below this size are analysed without collections between stages (no measurable peak). */
export const LARGE_TEXT = 8 * 1024 * 1024;

let collect: (() => void) | undefined;

/** Opts this process in: `--expose-gc` set at run time, the collector taken from a fresh context. */
export function collectBetweenStages(): void {
  if (collect) return;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = undefined; // a runtime without V8 flags: V8 collects as it sees fit
  }
}

/**
 * A full collection between two stages of the analysis of `text`, when opted in and `text` is
 * large (`edit`: an edit patched into the last version's parse, collected from HUGE_TEXT up).
 */
export function betweenStages(text: string, edit = false): void {
  if (collect && text.length >= (edit ? HUGE_TEXT : LARGE_TEXT)) collect();
  memoryStage(edit ? 'collected (edit)' : 'collected');
}

/**
 * AGENT_COST_MEM_STAGES=1: the process's memory at a stage of an analysis, on stderr (to find
 * where a peak is: `npm run bench` part `server` passes stderr through).
 */
export function memoryStage(stage: string): void {
  if (!process.env.AGENT_COST_MEM_STAGES) return;
  const m = process.memoryUsage();
  const mb = (x: number) => `${(x / 1048576).toFixed(0)} MB`;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stderr.write(
    `[memory] ${stage}: rss ${mb(m.rss)} (peak ${mb(peak)}), heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, ` +
      `external ${mb(m.external)}\n`,
  );
}
