/**
 * Every request gets a response: a handler wrapped here answers with its result, with
 * RequestCancelled once the client cancelled it (`$/cancelRequest`), and with an error (its stack
 * logged to the output channel) when it throws, instead of leaving the editor waiting.
 */
import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { describeUnexpected } from '../node/unexpected';

export type Answer<R> = Promise<R | ResponseError<void>>;
export type Log = (message: string) => void;

export const cancelled = (): ResponseError<void> =>
  new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled');

/** Wraps a request handler (see the file comment). `method` names it in the log. */
export function answering<P, R>(
  method: string,
  log: Log,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Answer<R> {
  return async (params, token) => {
    if (token.isCancellationRequested) return cancelled();
    try {
      const result = await handler(params, token);
      return token.isCancellationRequested ? cancelled() : result;
    } catch (e) {
      const u = describeUnexpected(e);
      log(`${method} failed: ${u.detail}`);
      return new ResponseError(ErrorCodes.InternalError, `Agent Cost: ${u.message}`);
    }
  };
}
