/**
 * Text from the file inside Markdown prose (hovers, inlay-hint tooltips). It is escaped only where
 * Markdown would act on it, so it reads the same rendered (VS Code) and as plain text (Neovim and
 * other clients that show the Markdown source): `Response_AI (v2)` stays as it is, while
 * `*bold*`, `[link](…)`, `<img …>`, `&copy;`, `# heading`, a table's `|` and a bare
 * `https://…` are shown literally, never as formatting, links, images or HTML.
 */
import { plain } from '../core/report/escape';

/** ASCII punctuation: a backslash before one of these is an escape in CommonMark. */
const PUNCT = /[!-/:-@[-`{-~]/;
const isAlnum = (c: string | undefined) => !!c && /[\p{L}\p{N}]/u.test(c);

/**
 * One line of file text for Markdown prose, at most `max` characters (see the file comment).
 * `lineStart`: the text starts a line, where `# `, `- `, `1. ` and `>` would be block markers.
 */
export function prose(s: string, max = 80, lineStart = false): string {
  const t = plain(s, max);
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const next = t[i + 1];
    switch (c) {
      case '\\':
        // Literal unless it would escape what follows (or the `**` the caller may put after it).
        out += next === undefined || PUNCT.test(next) ? '\\\\' : c;
        break;
      case '_':
        // snake_case stays readable: only an underscore that could open or close emphasis.
        out += isAlnum(t[i - 1]) && isAlnum(next) ? c : '\\_';
        break;
      case '&':
        out += /^&#?[A-Za-z0-9]+;/.test(t.slice(i)) ? '\\&' : c;
        break;
      case '`':
      case '*':
      case '~':
      case '[':
      case ']':
      case '<':
      case '|':
        out += `\\${c}`;
        break;
      default:
        out += c;
    }
  }
  // Bare URLs are links in GitHub-flavoured Markdown: break the scheme and the "www.".
  out = out.replace(/([A-Za-z]):\/\//g, '$1\\://').replace(/(^|[^\p{L}\p{N}])(www)\./giu, '$1$2\\.');
  // Block markers at the start of a line (a heading, quote, list item or setext underline).
  return lineStart ? out.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2') : out;
}
