/**
 * What a Voiceflow export tells about variable values: texts that Set steps and the variables table
 * give them (counted as text), and values large by nature (API responses, function outputs,
 * knowledge-base results, memory) that deserve a token budget of their own.
 */
import type { TextParts, VariableInfo } from '../../flow/types';
import { asArray, asObject, asString, own } from '../../json/safe';
import type { RawNode } from './nodes';
import type { Resources } from './resources';
import { fromMarkup, fromTemplate } from './text';

/** Step types whose output mappings hold an API or integration response. */
const RESPONSE_MAPPINGS = new Set(['api', 'api-v2', 'integrations', 'zapier', 'google_sheets']);

export function readVariables(root: unknown, nodes: Iterable<RawNode>, res: Resources): Map<string, VariableInfo> {
  const out = new Map<string, VariableInfo>();
  const nameOf = (v: unknown): string | undefined => {
    const id = asString(v);
    return id ? (res.variableNames.get(id) ?? id) : undefined;
  };
  const setText = (v: unknown, text: TextParts) => {
    const name = nameOf(v);
    if (!name) return;
    const info = out.get(name) ?? {};
    if (text.variables.includes('vf_memory')) info.large ??= 'it holds the conversation memory';
    // Several Set steps: keep the longest text (the conservative size).
    else if (!info.text || text.literal.length > info.text.literal.length) info.text = text;
    out.set(name, info);
  };
  const setLarge = (v: unknown, why: string) => {
    const name = nameOf(v);
    if (!name) return;
    const info = out.get(name) ?? {};
    info.large ??= why;
    out.set(name, info);
  };
  for (const node of nodes) {
    const d = node.data;
    if (node.type === 'set-v3') {
      for (const item of asArray(d.items)) {
        if (own(item, 'type') === 'value')
          setText(own(item, 'variableID'), fromMarkup(own(item, 'value'), res.variableNames));
      }
    } else if (node.type === 'setV2' || node.type === 'set') {
      for (const item of asArray(d.sets)) {
        const literal = /^\s*"(.*)"\s*$/s.exec(asString(own(item, 'expression')));
        if (literal) setText(own(item, 'variable'), fromTemplate(literal[1]));
      }
    } else if (RESPONSE_MAPPINGS.has(node.type)) {
      for (const m of [...asArray(d.mappings), ...asArray(d.responseMappings)]) {
        setLarge(
          own(m, 'var') ?? own(m, 'variable') ?? own(m, 'variableID'),
          `it holds an API response (${node.type} step)`,
        );
      }
    } else if (node.type === 'function') {
      for (const v of Object.values(asObject(d.outputMapping))) setLarge(v, 'it holds a function output');
    } else if (node.type === 'kb-search') {
      setLarge(d.variable ?? d.variableID, 'it holds knowledge-base search results');
    }
  }
  // Default values from the variables table, where no Set step gives a text.
  for (const v of asArray(own(root, 'variables'))) {
    const name = asString(own(v, 'name'));
    const value = own(v, 'defaultValue');
    if (!name || typeof value !== 'string' || value === '' || out.get(name)?.text) continue;
    out.set(name, { ...out.get(name), text: fromTemplate(value) });
  }
  return out;
}
