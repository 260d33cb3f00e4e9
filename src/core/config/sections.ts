/**
 * The project-file sections that are not settings: rule severities, ignores, negotiated model
 * rates. Each problem is a diagnostic on the node at fault; the rest of the section applies.
 */
import { isMap, isSeq, Node, Pair } from 'yaml';
import { Rates } from '../pricing/rates';
import { decimal, entryPath, got, KindError } from '../settings/kinds';
import type { Severity } from '../types';
import type { ProjectConfig } from './projectConfig';
import { keyText, nodeOf, TooLargeError, YamlSource } from './yamlSource';

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** `rules: { <rule id>: severity }`. */
export function parseRules(src: YamlSource, pairs: Pair[], config: ProjectConfig, knownRules: ReadonlySet<string>) {
  for (const pair of pairs) {
    const id = keyText(pair);
    const v = safePlain(src, pair.value);
    if (knownRules.size > 0 && !knownRules.has(id)) src.report(`unknown rule ${got(id)}`, pair.key as Node, 'warning');
    else if (typeof v !== 'string' || !SEVERITIES.includes(v))
      src.report(`rule ${got(id)}: severity must be ${SEVERITIES.join(', ')}; its default applies`, nodeOf(pair));
    else config.lint.severities[id] = v as Severity | 'off';
  }
}

/** `ignore: [{ rule, stepId, reason }]`. */
export function parseIgnores(
  src: YamlSource,
  value: Node | null,
  config: ProjectConfig,
  knownRules: ReadonlySet<string>,
) {
  if (!isSeq(value)) {
    src.report('"ignore" must be a list of { rule, stepId, reason }', value);
    return;
  }
  for (const item of value.items as Node[]) {
    const v = safePlain(src, item) as Record<string, unknown> | null;
    if (!isMap(item) || typeof v?.rule !== 'string' || typeof v?.stepId !== 'string') {
      src.report('each ignore needs a rule and a stepId ("*" for every step)', item);
      continue;
    }
    if (typeof v.reason !== 'string' || v.reason.trim() === '')
      src.report(
        `ignore of ${got(v.rule)}: give a reason (exports are JSON and cannot hold comments)`,
        item,
        'warning',
      );
    if (knownRules.size > 0 && !knownRules.has(v.rule))
      src.report(`ignore: unknown rule ${got(v.rule)}`, item, 'warning');
    config.lint.ignores.push({ rule: v.rule, stepId: v.stepId, reason: typeof v.reason === 'string' ? v.reason : '' });
  }
}

const RATE = decimal({ min: '0' });
const RATE_CHECK = { rates: new Rates(), checkIds: false };

/** `pricing.models: { <model id>: { inputPer1K, outputPer1K } }` in credits per 1K tokens. */
export function parseModelRates(src: YamlSource, pair: Pair, config: ProjectConfig): void {
  const node = pair.value as Node | null;
  if (!isMap(node)) {
    src.report('pricing.models must map model ids to { inputPer1K, outputPer1K } credits', nodeOf(pair));
    return;
  }
  for (const entry of node.items) {
    const model = keyText(entry);
    const v = safePlain(src, entry.value) as Record<string, unknown> | null;
    try {
      if (typeof v !== 'object' || v === null) throw new KindError('must be { inputPer1K, outputPer1K }');
      for (const k of ['inputPer1K', 'outputPer1K'])
        if (v[k] === undefined || v[k] === null) throw new KindError(`needs ${k}`);
      config.pricing[model] = {
        inputPer1K: RATE.parse(v.inputPer1K, RATE_CHECK),
        outputPer1K: RATE.parse(v.outputPer1K, RATE_CHECK),
      };
    } catch (e) {
      if (!(e instanceof KindError)) throw e;
      src.report(
        `${entryPath('pricing.models', model)}: inputPer1K and outputPer1K must be decimal credits per 1K tokens ` +
          `(${e.message}); the rate card applies`,
        nodeOf(entry),
      );
    }
  }
}

/** `plain`, with an over-large value read as null (its section reports the shape problem). */
function safePlain(src: YamlSource, node: unknown): unknown {
  try {
    return src.plain(node);
  } catch (e) {
    if (e instanceof TooLargeError) return null;
    throw e;
  }
}
