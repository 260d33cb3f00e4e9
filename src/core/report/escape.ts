/**
 * Text from an export or a project file is untrusted: these functions make it safe for each
 * place it is shown. A terminal must not receive control sequences (ESC, CR, BEL, OSC…) or
 * bidirectional overrides; Markdown (hovers, reports and pull-request comments) must not turn
 * it into links, images, HTML, mentions or table cells.
 */

/**
 * C0 and C1 controls (ESC, CR, BEL, CSI…), DEL, the line and paragraph separators, and the
 * Unicode bidirectional controls that can make a terminal show text in another order.
 */
const OTHER_CONTROLS = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const CONTROLS = new RegExp(`[\\u0000-\\u001f${OTHER_CONTROLS}]`, 'g');
const CONTROLS_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${OTHER_CONTROLS}]`, 'g');

/** At most `max` characters (code points, so no surrogate pair is cut), with "…" when cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = [...s.slice(0, max * 2)];
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}

/** One line of plain text: controls become spaces, whitespace runs one space, at most `max` characters. */
export function plain(s: string, max = 60): string {
  return clip(String(s).replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim(), max);
}

/**
 * Text for stderr, keeping its line breaks and tabs: every other control character is shown as a visible
 * escape (`\u001b`), so a hostile file cannot move the cursor, retitle the terminal or hide text.
 */
export function terminal(s: string): string {
  return String(s).replace(CONTROLS_BUT_NEWLINE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes file text for Markdown (and the HTML it may be rendered as), on one line. */
export function md(s: string, max = 80): string {
  return (
    plain(s, max)
      .replace(/[\\`*_{}[\]()#+!|<>&~$]/g, (c) =>
        c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
      )
      // A zero-width space after "@" keeps a name from the file from mentioning someone in a comment.
      .replace(/@/g, '@\u200b')
  );
}

/**
 * File text as a Markdown code span (shown literally: no HTML, links or mentions inside). In a
 * table cell (`inTable`), "|" is escaped, as GitHub-flavoured Markdown requires even in code.
 */
export function mdCode(s: string, max = 80, inTable = true): string {
  let t = plain(s, max);
  if (inTable) t = t.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return t === '' ? '` `' : `${fence}${pad}${t}${pad}${fence}`;
}
