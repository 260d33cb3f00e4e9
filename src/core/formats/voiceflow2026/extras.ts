/**
 * What 2026 exports add around the canvas: evaluations run over every transcript, generative
 * no-match and no-reply in `version.settings`, the per-conversation cost cap, and the sections the
 * engine does not price (simulations, personas, secrets, attachments) — listed, never printed.
 */
import type { CallSpec, Flow, JsonPath } from '../../flow/types';
import { asArray, asObject, asString, dig, isObject, own } from '../../json/safe';
import { fromTemplate, joinParts } from '../voiceflow/text';

/** Model Voiceflow runs evaluations on when the evaluation sets none (the schema's default). */
export const DEFAULT_EVALUATION_MODEL = 'bedrock-claude-4.5-haiku';
/** Output tokens of a verdict (boolean, number or one option); a string evaluation writes a text. */
const VERDICT_TOKENS = 20;

/** One call per enabled evaluation, over the whole transcript, once per conversation. */
export function evaluationCalls(root: unknown): CallSpec[] {
  return asArray(own(root, 'transcriptEvaluations')).flatMap((e, i) => {
    if (own(e, 'enabled') !== true) return [];
    const type = asString(own(e, 'type'));
    const path: JsonPath = ['transcriptEvaluations', i];
    const texts = [fromTemplate(own(e, 'prompt'))];
    for (const key of ['truePrompt', 'falsePrompt', 'minimumPrompt', 'maximumPrompt'])
      texts.push(fromTemplate(own(e, key)));
    for (const o of asArray(own(e, 'options')))
      if (own(o, 'included') !== false) texts.push(fromTemplate(own(o, 'prompt')));
    const settings = asObject(own(e, 'settings'));
    return [
      {
        label: `Evaluation: ${asString(own(e, 'name'), `#${i + 1}`)} (${type || 'evaluation'})`,
        task: 'evaluate',
        model: own(settings, 'model') ?? DEFAULT_EVALUATION_MODEL,
        maxTokens: own(settings, 'maxTokens'),
        reasoningEffort: own(settings, 'reasoningEffort'),
        system: { literal: '', variables: [] },
        prompt: joinParts(...texts),
        memory: false,
        knowledgeBase: false,
        transcript: true,
        messages: 2,
        fixedOutput: type === 'string' ? undefined : VERDICT_TOKENS,
        modelPath: [...path, 'settings', 'model'],
        maxTokensPath: [...path, 'settings', 'maxTokens'],
        sources: [
          {
            path: [...path, 'prompt'],
            what: 'evaluation prompt (runs once per conversation)',
            text: fromTemplate(own(e, 'prompt')),
          },
        ],
      } satisfies CallSpec,
    ];
  });
}

/** A generative no-match or no-reply in `version.settings` (2026): one call each time it fires. */
function generative(root: unknown, key: 'globalNoMatch' | 'globalNoReply', label: string): CallSpec | undefined {
  const s = dig(root, 'version', 'settings', key);
  if (own(s, 'type') !== 'generative' || (key === 'globalNoReply' && own(s, 'enabled') === false)) return undefined;
  const settings = asObject(own(s, 'settings'));
  const path: JsonPath = ['version', 'settings', key, 'settings'];
  return {
    label,
    task: 'respond',
    model: own(settings, 'model'),
    maxTokens: own(settings, 'maxTokens'),
    reasoningEffort: own(settings, 'reasoningEffort'),
    system: fromTemplate(own(settings, 'system')),
    prompt: { literal: '', variables: [] },
    memory: true,
    knowledgeBase: false,
    messages: 2,
    modelPath: [...path, 'model'],
    maxTokensPath: [...path, 'maxTokens'],
    sources: [
      { path: [...path, 'system'], what: `${label} system prompt`, text: fromTemplate(own(settings, 'system')) },
    ],
  };
}

/** The sections a 2026 export may carry that cost nothing in production. */
const IGNORED: [key: string, why: string][] = [
  ['simulations', 'test runs: they use credits when you run them, not in production'],
  ['simulationTurns', 'test runs: they use credits when you run them, not in production'],
  ['personas', 'test personas: not part of production conversations'],
  ['variableStates', 'test variable states: not part of production conversations'],
  ['secrets', 'secret names only (values are never exported, and never shown here)'],
  ['attachments', 'files attached to messages: no LLM cost'],
  ['kbDocumentVersions', 'knowledge-base documents: their content is not in the export'],
];

/** Adds the 2026 settings and sections to a flow read by the Voiceflow canvas reader. */
export function add2026Extras(flow: Flow, root: unknown): void {
  const settings = asObject(dig(root, 'version', 'settings'));
  flow.perConversation.push(...evaluationCalls(root));
  flow.perMessage.noMatch ??= generative(root, 'globalNoMatch', 'Generative no-match');
  flow.perMessage.noReply = generative(root, 'globalNoReply', 'Generative no-reply');
  const cost = own(settings, 'costControl');
  const max = own(cost, 'maxDollars');
  if (own(cost, 'enabled') === true && typeof max === 'number' && max > 0) flow.project.costCapUsd = String(max);
  const framework = own(own(settings, 'framework'), 'type');
  flow.project.framework = framework === 'agentic' || isObject(settings.globalCrew) ? 'agentic' : 'conversation';
  for (const [key, why] of IGNORED) {
    const rows = asArray(own(root, key));
    if (rows.length) flow.ignored.push({ what: key, count: rows.length, why });
  }
}
