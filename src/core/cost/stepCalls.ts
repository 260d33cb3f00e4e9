/**
 * The LLM calls each step type makes, as CallSpecs (per billing.md's list of billed LLM calls).
 * Also the hidden per-message calls: LLM intent classification and no-match fallbacks.
 */
import type { Json, ParsedExport } from '../parse/exportFile';
import type { Resources } from '../parse/resources';
import { fromMarkup, fromSlate, fromTemplate, joinParts, TextParts } from '../parse/text';
import type { FlowNode } from '../types';
import type { CallSpec } from './callPricing';

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

const isMemory = (mode: unknown): boolean => typeof mode === 'string' && mode.startsWith('memory');

function kbSummarization(p: ParsedExport): Json {
  return p.root.project?.knowledgeBase?.settings?.summarization ?? {};
}

/** CallSpecs for one step, or [] for a step that calls no LLM. */
export function stepCalls(node: FlowNode, p: ParsedExport, res: Resources): CallSpec[] {
  const d = node.data as Json;
  switch (node.type) {
    case 'generative':
      return [generativeCall('Response AI', d, d, p)];
    case 'ai_set':
      return (Array.isArray(d.sets) ? d.sets : []).map((set: Json, i: number) =>
        generativeCall(
          `AI Set #${i + 1}${set?.variable ? ` → ${res.variableNames.get(set.variable) ?? set.variable}` : ''}`,
          d,
          set ?? {},
          p,
        ),
      );
    case 'condition-v3':
      return d.condition?.type === 'prompt'
        ? promptCall('Condition (prompt)', d.condition?.promptID, d.condition, res)
        : [];
    case 'set-v3':
      return (Array.isArray(d.items) ? d.items : [])
        .filter((i: Json) => i?.type === 'prompt')
        .flatMap((i: Json) =>
          i.promptID
            ? promptCall('Set (prompt)', i.promptID, i, res)
            : [
                {
                  label: 'Set (prompt)',
                  system: EMPTY,
                  prompt: fromMarkup(i.value, res.variableNames),
                  memory: false,
                  knowledgeBase: false,
                  messages: 1,
                },
              ],
        );
    case 'message':
    case 'response': {
      const m = res.message(d.messageID ?? d.responseID);
      if (!m?.generated) return [];
      return m.promptId
        ? promptCall('Generated message', m.promptId, {}, res)
        : [
            {
              label: 'Generated message',
              system: EMPTY,
              prompt: m.text,
              memory: false,
              knowledgeBase: false,
              messages: 1,
            },
          ];
    }
    case 'capture-v3':
      return d.capture?.type === 'entity' ? [captureCall(d, res)] : [];
    case 'ai_capture':
      return [
        {
          label: 'AI capture',
          model: d.model,
          maxTokens: d.maxTokens,
          system: fromTemplate(d.system),
          prompt: fromTemplate(
            [...(d.rules ?? []), ...(d.entities ?? [])]
              .map((r: Json) => (typeof r === 'string' ? r : JSON.stringify(r)))
              .join('\n'),
          ),
          memory: true,
          knowledgeBase: false,
          messages: 2,
        },
      ];
    case 'agent':
      return agentCalls(d, res);
    default:
      return [];
  }
}

/** `generative` and each `ai_set` entry share this shape (model/system on the step, prompt per set). */
function generativeCall(label: string, step: Json, item: Json, p: ParsedExport): CallSpec {
  const kb = step.source === 'knowledge_base';
  const summary = kb && !step.overrideParams ? kbSummarization(p) : {};
  const mode = item.mode ?? step.mode;
  const prompt =
    mode === 'memory'
      ? EMPTY
      : joinParts(
          fromTemplate(item.prompt),
          fromTemplate(item.instruction ?? (item === step ? undefined : step.instruction)),
        );
  return {
    label: kb ? `${label} (knowledge base)` : label,
    model: summary.model ?? step.model,
    maxTokens: summary.maxTokens ?? step.maxTokens,
    system: fromTemplate(summary.system ?? step.system),
    prompt,
    memory: isMemory(mode),
    knowledgeBase: kb,
    messages: 2,
    templateTokens: kb ? KB_TEMPLATE_TOKENS : 0,
  };
}

function promptCall(label: string, promptId: unknown, override: Json, res: Resources): CallSpec[] {
  const pr = typeof promptId === 'string' ? res.prompt(promptId) : undefined;
  if (!pr)
    return [
      {
        label: `${label}: prompt ${String(promptId)} not found`,
        model: override?.model,
        system: EMPTY,
        prompt: EMPTY,
        memory: false,
        knowledgeBase: false,
        messages: 1,
      },
    ];
  return [
    {
      label: `${label}: ${pr.name}`,
      model: override?.settings?.model ?? pr.model,
      maxTokens: override?.settings?.maxTokens ?? pr.maxTokens,
      system: pr.system,
      prompt: pr.messages,
      memory: pr.usesMemory,
      knowledgeBase: false,
      messages: 2,
    },
  ];
}

function captureCall(d: Json, res: Resources): CallSpec {
  const params = d.capture?.automaticReprompt?.params ?? {};
  const rules = (d.capture?.rules ?? []).map((r: Json) => String(r?.text ?? ''));
  const exits = (d.capture?.automaticReprompt?.exitScenario?.items ?? []).map((e: Json) => String(e?.text ?? ''));
  const entities = (d.capture?.items ?? []).map(
    (i: Json) => res.variableNames.get(i?.entityID) ?? String(i?.entityID ?? ''),
  );
  return {
    label: 'Capture: LLM entity extraction',
    model: params.model,
    maxTokens: params.maxTokens,
    system: fromTemplate(params.system),
    prompt: { literal: [...entities, ...rules, ...exits].join('\n'), variables: ['last_utterance'] },
    memory: true,
    knowledgeBase: false,
    messages: 2,
  };
}

function agentCalls(d: Json, res: Resources): CallSpec[] {
  const a = typeof d.agentID === 'string' ? res.agent(d.agentID) : undefined;
  if (!a)
    return [
      {
        label: `Agent ${String(d.agentID)} (not found in the export)`,
        system: EMPTY,
        prompt: EMPTY,
        memory: true,
        knowledgeBase: false,
        messages: 2,
      },
    ];
  const tools = a.tools.map((t) => `${t.kind} ${t.name}: ${t.description}`).join('\n');
  const base: CallSpec = {
    label: `Agent: ${a.name}`,
    model: a.model,
    maxTokens: a.maxTokens,
    system: a.instructions,
    prompt: { literal: '', variables: ['last_utterance'] },
    memory: true,
    knowledgeBase: false,
    tools,
    messages: 2,
  };
  // An agent with the knowledge-base tool calls it and answers in a second round with the chunks.
  return a.knowledgeBase
    ? [base, { ...base, label: `Agent: ${a.name} (knowledge-base tool round)`, knowledgeBase: true, messages: 4 }]
    : [base];
}

/** The intent-classification call of one typed user message, when the project uses an LLM for it. */
export function intentClassificationCall(p: ParsedExport, res: Resources): CallSpec | undefined {
  const ic = p.root.version?.settings?.intentClassification;
  if (!ic || (ic.type !== 'llm' && ic.type !== 'rag')) return undefined;
  const candidates = res.intents
    .slice(0, INTENT_CANDIDATES)
    .map((i) => `d: ${i.description} a: ${i.name}`)
    .join('\n');
  const wrapper = typeof ic.promptWrapper?.content === 'string' ? fromTemplate(ic.promptWrapper.content) : EMPTY;
  return {
    label: `Intent classification (${ic.type})`,
    model: ic.params?.model,
    system: EMPTY,
    prompt: joinParts(wrapper, { literal: candidates, variables: ['last_utterance'] }),
    memory: false,
    knowledgeBase: false,
    messages: 1,
    fixedOutput: INTENT_OUTPUT_TOKENS,
    templateTokens: wrapper.literal ? 0 : INTENT_WRAPPER_TOKENS,
  };
}

/**
 * The LLM call a no-match falls back to: the KB answer when the project has KB documents and the
 * AI playground on, else a generative global no-match; undefined when no-match is static.
 */
export function noMatchCall(p: ParsedExport): CallSpec | undefined {
  const project = p.root.project ?? {};
  const docs = project.knowledgeBase?.documents;
  const hasDocs = docs && typeof docs === 'object' && Object.keys(docs).length > 0;
  if (hasDocs && project.aiAssistSettings?.aiPlayground !== false) {
    const s = kbSummarization(p);
    return {
      label: 'Knowledge-base fallback on no-match',
      model: s.model,
      maxTokens: s.maxTokens,
      system: fromTemplate(s.system),
      prompt: { literal: '', variables: ['last_utterance'] },
      memory: false,
      knowledgeBase: true,
      messages: 2,
      templateTokens: KB_TEMPLATE_TOKENS,
    };
  }
  const gnm = p.root.version?.platformData?.settings?.globalNoMatch;
  if (gnm?.type === 'generative') {
    const pr = gnm.prompt ?? {};
    return {
      label: 'Generative global no-match',
      model: pr.model,
      maxTokens: pr.maxTokens,
      system: fromTemplate(pr.system),
      prompt: Array.isArray(pr.content) ? fromSlate(pr.content) : EMPTY,
      memory: true,
      knowledgeBase: false,
      messages: 2,
    };
  }
  return undefined;
}
