/**
 * Positions and messages for text that JSON.parse rejects (a half-typed or corrupt export),
 * from jsonc-parser's error-tolerant parser. Used only on the failure path.
 *
 * jsonc-parser's parser recurses once per nesting level, so text nested thousands of levels deep
 * (`[[[[…`) would overflow the stack; such text is checked by a loop over jsonc-parser's scanner
 * (no recursion) that reports the first error.
 */
import {
  createScanner,
  ParseError,
  ParseErrorCode,
  printParseErrorCode,
  ScanError,
  SyntaxKind,
  visit,
} from 'jsonc-parser';
import type { Diagnostic } from '../types';
import type { LineIndex } from './positions';

const MAX_ERRORS = 20;
/** Deeper than this, the recursive parser is not used (its stack use is not bounded). */
export const MAX_RECURSIVE_DEPTH = 500;
/** Not a jsonc-parser code: JSON.parse rejected text jsonc-parser accepts. */
const UNKNOWN = -1 as ParseErrorCode;

/** One diagnostic per syntax error (at most 20), each with a line and column. */
export function jsonSyntaxDiagnostics(text: string, lines: LineIndex): Diagnostic[] {
  let errors = maxDepth(text) > MAX_RECURSIVE_DEPTH ? undefined : recursiveErrors(text);
  errors ??= firstErrorFlat(text);
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

/** jsonc-parser's errors (with its recovery, so several); undefined if it ran out of stack. */
function recursiveErrors(text: string): ParseError[] | undefined {
  const errors: ParseError[] = [];
  try {
    visit(
      text,
      {
        onError(error, offset, length) {
          if (errors.length < MAX_ERRORS) errors.push({ error, offset, length });
        },
      },
      { allowTrailingComma: false, disallowComments: true },
    );
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  return errors;
}

/** The deepest nesting of brackets and braces outside strings (a cheap pre-check). */
export function maxDepth(text: string): number {
  const s = createScanner(text, true);
  let depth = 0;
  let max = 0;
  for (let t = s.scan(); t !== SyntaxKind.EOF; t = s.scan()) {
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) max = Math.max(max, ++depth);
    else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) depth--;
  }
  return max;
}

const SCAN_ERRORS: Partial<Record<ScanError, ParseErrorCode>> = {
  [ScanError.UnexpectedEndOfComment]: ParseErrorCode.UnexpectedEndOfComment,
  [ScanError.UnexpectedEndOfString]: ParseErrorCode.UnexpectedEndOfString,
  [ScanError.UnexpectedEndOfNumber]: ParseErrorCode.UnexpectedEndOfNumber,
  [ScanError.InvalidUnicode]: ParseErrorCode.InvalidUnicode,
  [ScanError.InvalidEscapeCharacter]: ParseErrorCode.InvalidEscapeCharacter,
  [ScanError.InvalidCharacter]: ParseErrorCode.InvalidCharacter,
};

/** What the checker expects next. */
type Expect = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'end';
/** The error at the end of the text, by what was expected there (else the missing close). */
const EOF_ERRORS: Partial<Record<Expect, ParseErrorCode>> = {
  value: ParseErrorCode.ValueExpected,
  key: ParseErrorCode.PropertyNameExpected,
  colon: ParseErrorCode.ColonExpected,
};

/**
 * The first syntax error of `text` (strict JSON), found without recursion: a loop over the
 * scanner's tokens with an explicit stack of open containers. Same error codes as jsonc-parser.
 */
export function firstErrorFlat(text: string): ParseError[] {
  const s = createScanner(text, false);
  const stack: SyntaxKind[] = [];
  let expect: Expect = 'value';
  const at = (error: ParseErrorCode): ParseError[] => [
    { error, offset: s.getTokenOffset(), length: s.getTokenLength() },
  ];
  const closeCode = () =>
    stack[stack.length - 1] === SyntaxKind.OpenBraceToken
      ? ParseErrorCode.CloseBraceExpected
      : ParseErrorCode.CloseBracketExpected;
  /** After a complete value: inside a container a comma or its close follows, else the end. */
  const afterValue = (): Expect => (stack.length ? 'commaOrClose' : 'end');

  for (;;) {
    const t = s.scan();
    const scanError = SCAN_ERRORS[s.getTokenError()];
    const comment = t === SyntaxKind.LineCommentTrivia || t === SyntaxKind.BlockCommentTrivia;
    if (scanError !== undefined && !comment) return at(scanError);
    switch (t) {
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        continue;
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
        return at(ParseErrorCode.InvalidCommentToken);
      case SyntaxKind.Unknown:
        return at(ParseErrorCode.InvalidSymbol);
      case SyntaxKind.EOF:
        return expect === 'end' ? [] : at(EOF_ERRORS[expect] ?? closeCode());
    }
    switch (expect) {
      case 'end':
        return at(ParseErrorCode.EndOfFileExpected);
      case 'colon':
        if (t !== SyntaxKind.ColonToken) return at(ParseErrorCode.ColonExpected);
        expect = 'value';
        continue;
      case 'key':
      case 'keyOrClose':
        if (t === SyntaxKind.StringLiteral) expect = 'colon';
        else if (t === SyntaxKind.CloseBraceToken && expect === 'keyOrClose') {
          stack.pop();
          expect = afterValue();
        } else
          // jsonc-parser's codes: a comma right after "{" is a missing value, elsewhere a missing name.
          return at(
            t === SyntaxKind.CommaToken && expect === 'keyOrClose'
              ? ParseErrorCode.ValueExpected
              : ParseErrorCode.PropertyNameExpected,
          );
        continue;
      case 'commaOrClose': {
        const open = stack[stack.length - 1];
        if (t === SyntaxKind.CommaToken) expect = open === SyntaxKind.OpenBraceToken ? 'key' : 'value';
        else if (
          (t === SyntaxKind.CloseBraceToken && open === SyntaxKind.OpenBraceToken) ||
          (t === SyntaxKind.CloseBracketToken && open === SyntaxKind.OpenBracketToken)
        ) {
          stack.pop();
          expect = afterValue();
        } else return at(ParseErrorCode.CommaExpected);
        continue;
      }
      case 'value':
      case 'valueOrClose':
        if (t === SyntaxKind.CloseBracketToken && expect === 'valueOrClose') {
          stack.pop();
          expect = afterValue();
        } else if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) {
          stack.push(t);
          expect = t === SyntaxKind.OpenBraceToken ? 'keyOrClose' : 'valueOrClose';
        } else if (
          t === SyntaxKind.StringLiteral ||
          t === SyntaxKind.NumericLiteral ||
          t === SyntaxKind.NullKeyword ||
          t === SyntaxKind.TrueKeyword ||
          t === SyntaxKind.FalseKeyword
        )
          expect = afterValue();
        else return at(ParseErrorCode.ValueExpected);
        continue;
    }
  }
}

function humanise(code: string): string {
  // "CloseBraceExpected" → "close brace expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
