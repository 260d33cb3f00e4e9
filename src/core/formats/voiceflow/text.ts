/**
 * Text of the three encodings an export uses, split into literal text and variable names:
 * - templates: `{{[name].id}}` (legacy steps) and `{name}` (compiled programResources),
 * - slate rich text: `[{children:[{text}, {type:"variable", name}]}]`,
 * - markup (v10+): `[{text:["literal", {variableID}, {text:[…]}]}]`.
 * Variable values are unknown at design time; the engine gives each one a token budget.
 */
import type { TextParts } from '../../flow/types';
import { asString } from '../../json/safe';

export type { TextParts };

const LEGACY_VAR = /\{\{\[([^\]]*)\]\.[^}]*\}\}/g;
const BRACE_VAR = /\{([A-Za-z_$][\w$.-]{0,80})\}/g;

/** Splits a template string: `{{[name].id}}` and `{name}` placeholders become variables. */
export function fromTemplate(s: unknown): TextParts {
  if (typeof s !== 'string' || s.length === 0) return { literal: '', variables: [] };
  const variables: string[] = [];
  let literal = s;
  if (literal.includes('{{[')) {
    literal = literal.replace(LEGACY_VAR, (_m, name: string) => {
      variables.push(name);
      return '';
    });
  }
  if (literal.includes('{')) {
    literal = literal.replace(BRACE_VAR, (_m, name: string) => {
      variables.push(name);
      return '';
    });
  }
  return { literal, variables };
}

/** Plain text of slate rich text; variable nodes become variables. Paragraphs joined by newlines. */
export function fromSlate(value: unknown): TextParts {
  const out: TextParts = { literal: '', variables: [] };
  if (!Array.isArray(value)) return fromTemplate(value);
  const paragraphs: string[] = [];
  for (const p of value) {
    const buf: string[] = [];
    walkSlate(p, buf, out.variables);
    paragraphs.push(buf.join(''));
  }
  const joined = fromTemplate(paragraphs.join('\n'));
  return { literal: joined.literal, variables: [...out.variables, ...joined.variables] };
}

function walkSlate(node: unknown, buf: string[], vars: string[], depth = 0): void {
  if (depth > 64 || typeof node !== 'object' || node === null) return;
  const n = node as { text?: unknown; type?: unknown; name?: unknown; children?: unknown };
  if (n.type === 'variable') {
    vars.push(asString(n.name));
    return;
  }
  if (typeof n.text === 'string') buf.push(n.text);
  if (Array.isArray(n.children)) for (const c of n.children) walkSlate(c, buf, vars, depth + 1);
}

/** Plain text of markup; `{variableID}` items become variables named through `names`. */
export function fromMarkup(value: unknown, names: ReadonlyMap<string, string> = new Map()): TextParts {
  const vars: string[] = [];
  const lines: string[] = [];
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    const buf: string[] = [];
    walkMarkup(item, buf, vars, names);
    lines.push(buf.join(''));
  }
  const joined = fromTemplate(lines.join('\n'));
  return { literal: joined.literal, variables: [...vars, ...joined.variables] };
}

function walkMarkup(node: unknown, buf: string[], vars: string[], names: ReadonlyMap<string, string>, depth = 0): void {
  if (depth > 64 || node === null || node === undefined) return;
  if (typeof node === 'string') {
    buf.push(node);
  } else if (Array.isArray(node)) {
    for (const c of node) walkMarkup(c, buf, vars, names, depth + 1);
  } else if (typeof node === 'object') {
    const n = node as { text?: unknown; variableID?: unknown; entityID?: unknown; children?: unknown };
    if (typeof n.variableID === 'string') vars.push(names.get(n.variableID) ?? n.variableID);
    else if (typeof n.entityID === 'string') vars.push(names.get(n.entityID) ?? n.entityID);
    if (n.text !== undefined) walkMarkup(n.text, buf, vars, names, depth + 1);
    if (Array.isArray(n.children)) walkSlate(n, buf, vars, depth + 1);
  }
}

/** Joins parts (e.g. system + prompt) into one. */
export function joinParts(...parts: TextParts[]): TextParts {
  return {
    literal: parts
      .map((p) => p.literal)
      .filter((s) => s.length > 0)
      .join('\n'),
    variables: parts.flatMap((p) => p.variables),
  };
}
