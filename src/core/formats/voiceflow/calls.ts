/**
 * The LLM calls Voiceflow steps make, as CallSpecs (per billing.md's list of billed LLM calls),
 * and the hidden per-message calls: LLM intent classification and no-match fallbacks.
 * Each builder is named by a step type in `steps.ts`.
 */
import type { CallSpec, CallTask, JsonPath, TextParts } from '../../flow/types';
import { asArray, asObject, asString, dig, JsonObject, nonEmpty, own } from '../../json/safe';
import type { ReadOptions } from '../format';
import { AgentResource, kbRead, Resources } from './resources';
import { fromMarkup, fromSlate, fromTemplate, joinParts } from './text';

const EMPTY: TextParts = { literal: '', variables: [] };

/**
 * Fixed instruction template Voiceflow wraps around a knowledge-base answer (~190 words, [GR]
 * lib/services/aiSynthesis/utils.ts generateAnswerSynthesisPrompt) ≈ 250 tokens.
 */
export const KB_TEMPLATE_TOKENS = 250;
/**
 * Fixed part of the default LLM intent-classification prompt wrapper (≈110 tokens, [VFM]
 * libs/default-prompt-wrappers/src/intent-classification.constant.ts); plus one line per candidate
 * intent (top 10 from the NLU).
 */
export const INTENT_WRAPPER_TOKENS = 110;
export const INTENT_CANDIDATES = 10;
/** An intent-classification answer is one intent name. */
export const INTENT_OUTPUT_TOKENS = 10;
/** Names of the built-in fallback intent (not a real intent to classify). */
const NONE_INTENTS = new Set(['none', 'none_intent', 'vf.none']);

/** What a call builder gets: the step's data, where it is, and the project's look-ups. */
export interface CallContext {
  /** Reader options (the agentic knobs: tool rounds, tool result size). */
  options: ReadOptions;
  data: JsonObject;
  /** Path of the step's `data` object in the document. */
  dataPath: JsonPath;
  root: unknown;
  res: Resources;
}

export type CallBuilder = (ctx: CallContext) => CallSpec[];

const isMemory = (mode: unknown): boolean => typeof mode === 'string' && mode.startsWith('memory');

/** The knowledge base's answer-synthesis settings (model, system, maxTokens) and their path. */
function kbSummarization(res: Resources): { path: JsonPath; settings: JsonObject } {
  return {
    path: [...(res.kb?.path ?? ['kbSettings']), 'summarization'],
    settings: asObject(own(res.kb?.settings, 'summarization')),
  };
}

/**
 * The model, output cap and system prompt of a settings object at `path`, with where each sits
 * (`what` names the system prompt in findings).
 */
function modelSettings(settings: unknown, path: JsonPath, what: string): Partial<CallSpec> {
  const system = fromTemplate(own(settings, 'system'));
  return {
    model: own(settings, 'model'),
    maxTokens: own(settings, 'maxTokens'),
    system,
    modelPath: [...path, 'model'],
    maxTokensPath: [...path, 'maxTokens'],
    sources: [{ path: [...path, 'system'], what, text: system }],
  };
}

function call(label: string, task: CallTask, rest: Partial<CallSpec>): CallSpec {
  return {
    label,
    task,
    system: EMPTY,
    prompt: EMPTY,
    memory: false,
    knowledgeBase: false,
    messages: 1,
    sources: [],
    ...rest,
  };
}

/** `generative` and each `ai_set` entry share this shape (model/system on the step, prompt per set). */
function generativeCall(
  label: string,
  task: CallTask,
  ctx: CallContext,
  item: JsonObject,
  itemPath: JsonPath,
): CallSpec {
  const step = ctx.data;
  const kb = step.source === 'knowledge_base';
  const summarization = kbSummarization(ctx.res);
  const summary = kb && !step.overrideParams ? summarization.settings : {};
  const summarised = Object.keys(summary).length > 0;
  const mode = own(item, 'mode') ?? own(step, 'mode');
  const instruction = own(item, 'instruction') ?? (item === step ? undefined : own(step, 'instruction'));
  const prompt = mode === 'memory' ? EMPTY : joinParts(fromTemplate(own(item, 'prompt')), fromTemplate(instruction));
  const settingsPath = summarised && own(summary, 'model') !== undefined ? summarization.path : ctx.dataPath;
  return call(kb ? `${label} (knowledge base)` : label, task, {
    model: own(summary, 'model') ?? own(step, 'model'),
    // Early Response AI steps cap the output with `length`.
    maxTokens: own(summary, 'maxTokens') ?? own(step, 'maxTokens') ?? own(step, 'length'),
    reasoningEffort: own(summary, 'reasoningEffort') ?? own(step, 'reasoningEffort'),
    system: fromTemplate(own(summary, 'system') ?? own(step, 'system')),
    prompt,
    memory: isMemory(mode),
    knowledgeBase: kb ? kbRead(ctx.res.kb) : false,
    messages: 2,
    templateTokens: kb ? KB_TEMPLATE_TOKENS : 0,
    modelPath: [...settingsPath, 'model'],
    maxTokensPath: [...settingsPath, 'maxTokens'],
    sources: [
      { path: [...itemPath, 'prompt'], what: 'prompt', text: fromTemplate(own(item, 'prompt')) },
      { path: [...ctx.dataPath, 'system'], what: 'system prompt', text: fromTemplate(own(step, 'system')) },
      ...(kb
        ? [
            {
              path: [...summarization.path, 'system'],
              what: 'knowledge-base answer system prompt',
              text: fromTemplate(own(summary, 'system')),
            },
          ]
        : []),
    ],
  });
}

function promptCall(label: string, task: CallTask, promptId: unknown, override: unknown, ctx: CallContext): CallSpec[] {
  const pr = ctx.res.prompt(promptId);
  if (!pr)
    return [call(`${label}: prompt ${asString(promptId, '?')} not found`, task, { model: own(override, 'model') })];
  const overrideSettings = own(override, 'settings');
  return [
    call(`${label}: ${pr.name}`, task, {
      model: own(overrideSettings, 'model') ?? pr.model,
      maxTokens: own(overrideSettings, 'maxTokens') ?? pr.maxTokens,
      reasoningEffort: own(overrideSettings, 'reasoningEffort') ?? pr.reasoningEffort,
      system: pr.system,
      prompt: pr.messages,
      memory: pr.usesMemory,
      messages: 2,
      modelPath: pr.settingsPath && [...pr.settingsPath, 'model'],
      maxTokensPath: pr.settingsPath && [...pr.settingsPath, 'maxTokens'],
      sources: pr.sources,
    }),
  ];
}

export const generativeCalls: CallBuilder = (ctx) => [
  generativeCall('Response AI', 'respond', ctx, ctx.data, ctx.dataPath),
];

/** One call per AI Set entry; the runtime skips an entry without a prompt or a variable. */
export const aiSetCalls: CallBuilder = (ctx) =>
  asArray(ctx.data.sets).flatMap((set, i) => {
    const variable = own(set, 'variable');
    if (!nonEmpty(variable) || !nonEmpty(own(set, 'prompt'))) return [];
    const target = ` → ${ctx.res.variableNames.get(variable as string) ?? variable}`;
    return [generativeCall(`AI Set #${i + 1}${target}`, 'set', ctx, asObject(set), [...ctx.dataPath, 'sets', i])];
  });

export const conditionCalls: CallBuilder = (ctx) => {
  const condition = own(ctx.data, 'condition');
  return own(condition, 'type') === 'prompt'
    ? promptCall('Condition (prompt)', 'classify', own(condition, 'promptID'), condition, ctx)
    : [];
};

export const setCalls: CallBuilder = (ctx) =>
  asArray(ctx.data.items)
    .filter((i) => own(i, 'type') === 'prompt')
    .flatMap((i) =>
      own(i, 'promptID')
        ? promptCall('Set (prompt)', 'set', own(i, 'promptID'), i, ctx)
        : [call('Set (prompt)', 'set', { prompt: fromMarkup(own(i, 'value'), ctx.res.variableNames) })],
    );

export const messageCalls: CallBuilder = (ctx) => {
  const m = ctx.res.message(ctx.data.messageID ?? ctx.data.responseID);
  if (!m?.generated) return [];
  return m.promptId
    ? promptCall('Generated message', 'respond', m.promptId, {}, ctx)
    : [call('Generated message', 'respond', { prompt: m.text })];
};

export const captureCalls: CallBuilder = (ctx) => {
  const capture = own(ctx.data, 'capture');
  if (own(capture, 'type') !== 'entity') return [];
  const paramsPath = [...ctx.dataPath, 'capture', 'automaticReprompt', 'params'];
  const params = asObject(dig(capture, 'automaticReprompt', 'params'));
  const rules = asArray(own(capture, 'rules')).map((r) => asString(own(r, 'text')));
  const exits = asArray(dig(capture, 'automaticReprompt', 'exitScenario', 'items')).map((e) =>
    asString(own(e, 'text')),
  );
  const entities = asArray(own(capture, 'items')).map((i) => {
    const id = asString(own(i, 'entityID'));
    return ctx.res.variableNames.get(id) ?? id;
  });
  return [
    call('Capture: LLM entity extraction', 'extract', {
      ...modelSettings(params, paramsPath, 'extraction system prompt'),
      prompt: { literal: [...entities, ...rules, ...exits].join('\n'), variables: ['last_utterance'] },
      memory: true,
      messages: 2,
    }),
  ];
};

/** The 2025–26 Prompt step: runs a Prompt CMS prompt (output to a variable or the chat). */
export const promptStepCalls: CallBuilder = (ctx) => promptCall('Prompt', 'respond', ctx.data.promptID, ctx.data, ctx);

/**
 * A step of a type we do not know that names a prompt, an agent or a model: priced as the LLM call
 * it names (once per run), never as free.
 */
export const hintedCalls: CallBuilder = (ctx) => {
  const d = ctx.data;
  if (typeof d.promptID === 'string') return promptCall('Prompt (unknown step type)', 'respond', d.promptID, d, ctx);
  if (typeof d.agentID === 'string') return agentCalls(ctx);
  const settings = asObject(own(d, 'settings'));
  const settingsPath = own(d, 'model') !== undefined ? ctx.dataPath : [...ctx.dataPath, 'settings'];
  return [
    call('LLM call (unknown step type)', 'respond', {
      model: own(d, 'model') ?? own(settings, 'model'),
      maxTokens: own(d, 'maxTokens') ?? own(settings, 'maxTokens'),
      reasoningEffort: own(d, 'reasoningEffort') ?? own(settings, 'reasoningEffort'),
      system: fromTemplate(own(d, 'system') ?? own(settings, 'system')),
      prompt: fromTemplate(own(d, 'prompt')),
      messages: 2,
      modelPath: [...settingsPath, 'model'],
      maxTokensPath: [...settingsPath, 'maxTokens'],
      sources: [{ path: [...ctx.dataPath, 'prompt'], what: 'prompt', text: fromTemplate(own(d, 'prompt')) }],
    }),
  ];
};

export const aiCaptureCalls: CallBuilder = (ctx) => {
  const d = ctx.data;
  const rulesAndEntities = [...asArray(d.rules), ...asArray(d.entities)];
  return [
    call('AI capture', 'extract', {
      ...modelSettings(d, ctx.dataPath, 'system prompt'),
      prompt: fromTemplate(rulesAndEntities.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')),
      memory: true,
      messages: 2,
    }),
  ];
};

export const agentCalls: CallBuilder = (ctx) => {
  const agentId = ctx.data.agentID;
  const a = ctx.res.agent(agentId);
  if (!a)
    return [
      call(`Agent ${asString(agentId, '?')} (not found in the export)`, 'converse', { memory: true, messages: 2 }),
    ];
  const base = call(`Agent: ${a.name}`, 'converse', {
    model: a.model,
    maxTokens: a.maxTokens,
    reasoningEffort: a.reasoningEffort,
    system: a.instructions,
    prompt: { literal: '', variables: ['last_utterance'] },
    memory: true,
    tools: a.tools,
    messages: 2,
    modelPath: a.settingsPath && [...a.settingsPath, 'model'],
    maxTokensPath: a.settingsPath && [...a.settingsPath, 'maxTokens'],
    sources: a.instructionsPath
      ? [{ path: a.instructionsPath, what: `instructions of agent "${a.name}"`, text: a.instructions }]
      : [],
  });
  return roundCalls(a, base, ctx.options);
};

/** Tool rounds a reply makes when the agent has tools that return results (a setting). */
export const DEFAULT_TOOL_ROUNDS = 1;
/** Tokens one tool call and its result add to the next round's input (a setting). */
export const DEFAULT_TOOL_RESULT_TOKENS = 200;
/** Output tokens of a rewritten knowledge-base query or a generated tool status message. */
const SHORT_OUTPUT = 30;

/**
 * The LLM calls of one agent or playbook answer: the first call, then one per tool round (each
 * sees the earlier calls and results; the first round is the knowledge-base search when the agent
 * has one, and its chunks stay in the input). A knowledge base in rewriting mode first rewrites the
 * query; tools with generative status messages write one per round.
 */
export function roundCalls(a: AgentResource, base: CallSpec, options: ReadOptions): CallSpec[] {
  const tools = base.tools ?? [];
  const rounds = tools.some((t) => t.round) ? (options.toolRoundsPerTurn ?? DEFAULT_TOOL_ROUNDS) : 0;
  const resultTokens = options.toolResultTokens ?? DEFAULT_TOOL_RESULT_TOKENS;
  const out: CallSpec[] = [];
  for (let i = 0; i <= rounds; i++) {
    const kb = i > 0 && a.knowledgeBase ? a.knowledgeBase : false;
    const label =
      i === 0 ? (rounds ? `${base.label}: decides on a tool` : base.label) : `${base.label}: tool round ${i}`;
    out.push({
      ...base,
      label: kb ? `${label} (knowledge-base results)` : label,
      knowledgeBase: kb,
      toolResultTokens: i * resultTokens,
      messages: base.messages + 2 * i,
      // The last round writes the answer the user sees or hears.
      spoken: i === rounds,
    });
    if (i === 1 && a.rewritesQuery)
      out.push({
        ...base,
        label: `${base.label}: rewrites the knowledge-base query`,
        task: 'extract',
        tools: undefined,
        fixedOutput: SHORT_OUTPUT,
        spoken: false,
      });
    if (i > 0 && tools.some((t) => t.generatesMessages))
      out.push({
        ...base,
        label: `${base.label}: writes a tool status message`,
        tools: undefined,
        memory: false,
        fixedOutput: SHORT_OUTPUT,
        spoken: true,
      });
  }
  return out;
}

/** The intent-classification call of one typed user message, when the project uses an LLM for it. */
export function intentClassificationCall(root: unknown, res: Resources): CallSpec | undefined {
  const ic = dig(root, 'version', 'settings', 'intentClassification');
  const type = own(ic, 'type');
  if (type !== 'llm' && type !== 'rag') return undefined;
  // With no intent but None there is nothing to classify: the runtime makes no call.
  if (!res.intents.some((i) => !NONE_INTENTS.has(i.name.trim().toLowerCase()))) return undefined;
  const candidates = res.intents
    .slice(0, INTENT_CANDIDATES)
    .map((i) => `d: ${i.description} a: ${i.name}`)
    .join('\n');
  const content = dig(ic, 'promptWrapper', 'content');
  const wrapper = typeof content === 'string' ? fromTemplate(content) : EMPTY;
  const icPath = ['version', 'settings', 'intentClassification'];
  return call(`Intent classification (${type})`, 'classify', {
    model: dig(ic, 'params', 'model'),
    prompt: joinParts(wrapper, { literal: candidates, variables: ['last_utterance'] }),
    fixedOutput: INTENT_OUTPUT_TOKENS,
    templateTokens: wrapper.literal ? 0 : INTENT_WRAPPER_TOKENS,
    modelPath: [...icPath, 'params', 'model'],
    sources: [{ path: [...icPath, 'promptWrapper', 'content'], what: 'intent-classification prompt', text: wrapper }],
  });
}

/**
 * The LLM call a no-match falls back to: the KB answer when the project has KB documents and the
 * AI playground on, else a generative global no-match; undefined when no-match is static.
 */
export function noMatchCall(root: unknown, res: Resources): CallSpec | undefined {
  const project = own(root, 'project');
  const docs = dig(project, 'knowledgeBase', 'documents');
  const hasDocs = typeof docs === 'object' && docs !== null && Object.keys(docs).length > 0;
  if (hasDocs && dig(project, 'aiAssistSettings', 'aiPlayground') !== false) {
    const { path, settings: s } = kbSummarization(res);
    return call('Knowledge-base fallback on no-match', 'respond', {
      ...modelSettings(s, path, 'knowledge-base answer system prompt'),
      prompt: { literal: '', variables: ['last_utterance'] },
      knowledgeBase: kbRead(res.kb),
      messages: 2,
      templateTokens: KB_TEMPLATE_TOKENS,
    });
  }
  const gnmPath = ['version', 'platformData', 'settings', 'globalNoMatch'];
  const gnm = dig(root, ...gnmPath);
  if (own(gnm, 'type') === 'generative') {
    const pr = asObject(own(gnm, 'prompt'));
    return call('Generative global no-match', 'respond', {
      ...modelSettings(pr, [...gnmPath, 'prompt'], 'no-match system prompt'),
      prompt: Array.isArray(pr.content) ? fromSlate(pr.content) : EMPTY,
      memory: true,
      messages: 2,
    });
  }
  return undefined;
}
