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
  const stack: Stack = [];
  let expect: Expect = 'value';
  for (;;) {
    const t = s.scan();
    const next: Next = anyState(t, s.getTokenError(), expect, stack) ?? nextState(t, expect, stack);
    if (next === SKIP) continue;
    if (next === DONE) return [];
    if (typeof next === 'number') return [{ error: next, offset: s.getTokenOffset(), length: s.getTokenLength() }];
    expect = next;
  }
}

/** The open containers (their opening token), innermost last. */
type Stack = SyntaxKind[];
/** What a token leads to: the next state, an error at the token, or (SKIP, DONE) no change or the end. */
type Next = Expect | ParseErrorCode | typeof SKIP | typeof DONE;
/** White space: the state stays. */
const SKIP = 'skip';
/** The end of valid text. */
const DONE = 'done';

/** After a complete value: inside a container a comma or its close follows, else the end. */
function afterValue(stack: Stack): Expect {
  return stack.length ? 'commaOrClose' : 'end';
}

/** Tokens every state treats alike: scan errors, white space, comments, unknown symbols, the end. */
function anyState(t: SyntaxKind, scanError: ScanError, expect: Expect, stack: Stack): Next | undefined {
  const error = SCAN_ERRORS[scanError];
  const comment = t === SyntaxKind.LineCommentTrivia || t === SyntaxKind.BlockCommentTrivia;
  if (error !== undefined && !comment) return error;
  switch (t) {
    case SyntaxKind.Trivia:
    case SyntaxKind.LineBreakTrivia:
      return SKIP;
    case SyntaxKind.LineCommentTrivia:
    case SyntaxKind.BlockCommentTrivia:
      return ParseErrorCode.InvalidCommentToken;
    case SyntaxKind.Unknown:
      return ParseErrorCode.InvalidSymbol;
    case SyntaxKind.EOF:
      if (expect === 'end') return DONE;
      return EOF_ERRORS[expect] ?? closeCode(stack);
  }
  return undefined;
}

/** The error for a missing close of the innermost container. */
function closeCode(stack: Stack): ParseErrorCode {
  return stack[stack.length - 1] === SyntaxKind.OpenBraceToken
    ? ParseErrorCode.CloseBraceExpected
    : ParseErrorCode.CloseBracketExpected;
}

/** The state after a structural token or literal `t` where `expect` was expected. */
function nextState(t: SyntaxKind, expect: Expect, stack: Stack): Next {
  switch (expect) {
    case 'end':
      return ParseErrorCode.EndOfFileExpected;
    case 'colon':
      return t === SyntaxKind.ColonToken ? 'value' : ParseErrorCode.ColonExpected;
    case 'key':
    case 'keyOrClose':
      return afterKey(t, expect, stack);
    case 'commaOrClose':
      return afterComma(t, stack);
    case 'value':
    case 'valueOrClose':
      return afterValueStart(t, expect, stack);
  }
}

/** Where a property name is expected (`keyOrClose`: right after `{`, where `}` may close it). */
function afterKey(t: SyntaxKind, expect: 'key' | 'keyOrClose', stack: Stack): Next {
  if (t === SyntaxKind.StringLiteral) return 'colon';
  if (t === SyntaxKind.CloseBraceToken && expect === 'keyOrClose') {
    stack.pop();
    return afterValue(stack);
  }
  // jsonc-parser's codes: a comma right after "{" is a missing value, elsewhere a missing name.
  return t === SyntaxKind.CommaToken && expect === 'keyOrClose'
    ? ParseErrorCode.ValueExpected
    : ParseErrorCode.PropertyNameExpected;
}

/** After a member or element: a comma, or the close of the innermost container. */
function afterComma(t: SyntaxKind, stack: Stack): Next {
  const open = stack[stack.length - 1];
  if (t === SyntaxKind.CommaToken) return open === SyntaxKind.OpenBraceToken ? 'key' : 'value';
  if (
    (t === SyntaxKind.CloseBraceToken && open === SyntaxKind.OpenBraceToken) ||
    (t === SyntaxKind.CloseBracketToken && open === SyntaxKind.OpenBracketToken)
  ) {
    stack.pop();
    return afterValue(stack);
  }
  return ParseErrorCode.CommaExpected;
}

/** Where a value is expected (`valueOrClose`: right after `[`, where `]` may close it). */
function afterValueStart(t: SyntaxKind, expect: 'value' | 'valueOrClose', stack: Stack): Next {
  if (t === SyntaxKind.CloseBracketToken && expect === 'valueOrClose') {
    stack.pop();
    return afterValue(stack);
  }
  if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) {
    stack.push(t);
    return t === SyntaxKind.OpenBraceToken ? 'keyOrClose' : 'valueOrClose';
  }
  return LITERALS.has(t) ? afterValue(stack) : ParseErrorCode.ValueExpected;
}

/** Tokens that are a whole value. */
const LITERALS: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.NullKeyword,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
]);

function humanise(code: string): string {
  // "CloseBraceExpected" → "close brace expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
