/**
 * An error nobody expected (a bug, or input the engine does not survive) as one clear line for a
 * person, for the CLI's stderr and the language server's diagnostics. A stack overflow is input
 * nested too deeply; anything else is an internal error named with the place it happened, which
 * is enough to report it without showing a stack trace. `AGENT_COST_DEBUG=1` adds the full stack.
 */
import * as path from 'path';

/** True for the RangeError V8 throws when recursion runs out of stack. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** The first stack frame outside Node and node_modules, as "function (file.js:line)", if any. */
function origin(e: Error): string | undefined {
  for (const raw of (e.stack ?? '').split('\n').slice(1)) {
    const line = raw.trim();
    if (!line.startsWith('at ') || /node_modules|\(node:|^at node:/.test(line)) continue;
    const m = /^at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(line);
    if (m) return `${m[1] ?? '<anonymous>'} (${path.basename(m[2])}:${m[3]})`;
  }
  return undefined;
}

export interface Unexpected {
  /** One line for a person. */
  message: string;
  /** True when the input (not the program) is the likely cause. */
  inputProblem: boolean;
  /** The stack trace, for logs (the server's output channel) or AGENT_COST_DEBUG. */
  detail: string;
}

export function describeUnexpected(e: unknown): Unexpected {
  const err = e instanceof Error ? e : new Error(typeof e === 'string' ? e : 'non-error value thrown');
  if (isStackOverflow(err))
    return {
      message: 'the input is nested too deeply to analyse (it exhausted the stack)',
      inputProblem: true,
      detail: err.stack ?? err.message,
    };
  const where = origin(err);
  return {
    message: `internal error: ${err.name}: ${err.message.split('\n')[0]}${where ? ` at ${where}` : ''}`,
    inputProblem: false,
    detail: err.stack ?? err.message,
  };
}

/** True when the user asked for stack traces. */
export const debugging = (): boolean => /^(1|true|yes)$/i.test(process.env.AGENT_COST_DEBUG ?? '');
