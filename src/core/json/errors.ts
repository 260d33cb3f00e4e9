/**
 * Positions and messages for text that JSON.parse rejects (a half-typed or corrupt export),
 * from jsonc-parser's error-tolerant parser. Used only on the failure path.
 */
import { ParseError, ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser';
import type { Diagnostic } from '../types';
import type { LineIndex } from './positions';

const MAX_ERRORS = 20;
/** Not a jsonc-parser code: JSON.parse rejected text jsonc-parser accepts. */
const UNKNOWN = -1 as ParseErrorCode;

/** One diagnostic per syntax error (at most 20), each with a line and column. */
export function jsonSyntaxDiagnostics(text: string, lines: LineIndex): Diagnostic[] {
  const errors: ParseError[] = [];
  visit(
    text,
    {
      onError(error, offset, length) {
        if (errors.length < MAX_ERRORS) errors.push({ error, offset, length });
      },
    },
    { allowTrailingComma: false, disallowComments: true },
  );
  if (errors.length === 0) {
    // JSON.parse failed on something jsonc-parser tolerates (e.g. a lone surrogate): report at start.
    errors.push({ error: UNKNOWN, offset: 0, length: 0 });
  }
  return errors.map((e) => {
    const pos = lines.position(e.offset);
    const what = e.error === UNKNOWN ? 'invalid JSON' : humanise(printParseErrorCode(e.error));
    return {
      rule: 'invalid-json',
      severity: 'error',
      message: `Invalid JSON at line ${pos.line + 1}, column ${pos.character + 1}: ${what}`,
      range: lines.range(e.offset, e.offset + Math.max(e.length, 1)),
    };
  });
}

function humanise(code: string): string {
  // "CloseBraceExpected" → "close brace expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
