/**
 * Peak memory of one-off analyses (the CLI). A 50 MB export is read in stages (text → JSON tree →
 * flow → analysis → report), each leaving hundreds of MB of garbage; V8 collects it when it sees
 * fit, which on a large export is after the next stage has grown the heap further. A process that
 * opts in (`collectBetweenStages`) has a full collection run between the stages of a large
 * analysis: a 50 MB report peaks ~250 MB lower, for a few hundred ms. The language server opts in
 * for texts it parses afresh (opening a file), not for edits patched into the kept parse.
 */
import { setFlagsFromString } from 'v8';
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

/** A full collection between two stages of the analysis of `text`, when opted in and `text` is large. */
export function betweenStages(text: string): void {
  if (collect && text.length >= LARGE_TEXT) collect();
}
