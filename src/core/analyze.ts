/**
 * The engine's entry point: export text + settings → Analysis (plain data, Decimal money).
 * Every surface (CLI, language server, panel) renders this one object.
 */
import { Decimal } from './pricing/money';
import { classifyNode, Classification } from './classify/classify';
import { priceCall, PricingContext } from './cost/callPricing';
import { intentClassificationCall, noMatchCall } from './cost/stepCalls';
import { Amount, amountOf, NO_COST, stepCost } from './cost/stepCost';
import { voiceRates, VoiceRates } from './cost/voice';
import { buildGraph } from './graph/graph';
import { parseExport, ParsedExport } from './parse/exportFile';
import { buildResources } from './parse/resources';
import { Rates } from './pricing/rates';
import { describeAssumptions, Settings } from './settings';
import { EMPTY_CONFIG, type LintConfig } from './config/projectConfig';
import { lint } from './rules/index';
import type { Channel, Diagnostic, LlmCall, Range, StepClass } from './types';
import { conversationCost, ConversationCost, monthCost, MonthCost } from './turns/conversation';
import { buildTurns, Turn } from './turns/turns';
import { Loop, splitState, Walker } from './turns/walk';

export interface StepReport {
  id: string;
  type: string;
  name: string;
  diagramId: string;
  diagramName: string;
  class: StepClass;
  reason: string;
  /** The model of the step's (first) LLM call, null for a step without one. */
  model: string | null;
  calls: LlmCall[];
  /** Calls made when the user answers this wait step. */
  replyCalls: LlmCall[];
  /** Credits per run at turn 1 (expected output); null when a price is unknown. */
  credits: Decimal | null;
  /** Credits per run with maxTokens output; null when unknown. */
  creditsMax: Decimal | null;
  /** Extra credits per extra turn from history growth. */
  growthPerTurn: Decimal | null;
  /** Voice: characters spoken per run. */
  spokenChars: number;
  range?: Range;
  /** Turns that run this step (ids). */
  turns: string[];
}

export interface Analysis {
  file: {
    projectName: string;
    platform: string;
    era: string;
    schemaVersion: number | null;
    channel: Channel;
    channelReason: string;
  };
  steps: StepReport[];
  turns: Turn[];
  /** Per-message calls that belong to no step: LLM intent classification, no-match fallback. */
  hidden: { intentClassification?: LlmCall; noMatch?: LlmCall };
  loops: Loop[];
  conversation: ConversationCost;
  month: MonthCost;
  voice?: { tts: string; stt: string; perChar: Decimal; perUserTurn: Decimal };
  diagnostics: Diagnostic[];
  settings: Settings;
  assumptions: ReturnType<typeof describeAssumptions>;
  rateCard: { name: string; source: string; checked: string };
}

/**
 * Analyses export text and runs the cost rules (`lintConfig`: the project file's severities,
 * ignores and budgets). Throws ExportError when the text is not JSON or not a Voiceflow export.
 */
export function analyze(
  text: string,
  settings: Settings,
  rates: Rates = new Rates(),
  lintConfig: LintConfig = EMPTY_CONFIG.lint,
): Analysis {
  return analyzeParsed(parseExport(text, settings.channel), settings, rates, lintConfig);
}

export function analyzeParsed(
  p: ParsedExport,
  settings: Settings,
  rates: Rates = new Rates(),
  lintConfig: LintConfig = EMPTY_CONFIG.lint,
): Analysis {
  const diagnostics: Diagnostic[] = [...p.diagnostics];
  const res = buildResources(p);
  const ctx: PricingContext = { rates, settings };
  const voice: VoiceRates | undefined = p.channel === 'voice' ? voiceRates(p, rates, settings, diagnostics) : undefined;

  const cls = new Map<string, Classification>();
  for (const n of p.nodes.values()) cls.set(n.id, classifyNode(n, res));

  const arrival = new Map<string, Amount>();
  const reply = new Map<string, Amount>();
  const steps: StepReport[] = [];
  for (const n of p.nodes.values()) {
    const c = cls.get(n.id)!;
    if (c.role === 'container' || c.role === 'ignored') continue;
    if (!c.known) {
      diagnostics.push({
        rule: 'unknown-step-type',
        severity: 'warning',
        message: `Unknown step type "${n.type}": its cost is unknown${looksLikeLlm(n.data) ? ' (it names a model or prompt, so it may call an LLM)' : ''}`,
        stepId: n.id,
        range: n.range,
      });
    }
    const cost = c.known
      ? stepCost(n, c, p, res, ctx, voice)
      : {
          calls: [],
          replyCalls: [],
          spokenChars: 0,
          arrival: { expected: null, max: null, growth: null },
          reply: NO_COST,
        };
    arrival.set(n.id, cost.arrival);
    if (cost.replyCalls.length) reply.set(n.id, cost.reply);
    const total = sumAmounts(cost.arrival, cost.reply);
    // In voice every spoken character costs text-to-speech: a static message is not free.
    const spokenCost = voice && cost.spokenChars > 0 && c.class === 'free';
    const first = cost.calls[0] ?? cost.replyCalls[0];
    steps.push({
      id: n.id,
      type: n.type,
      name: stepName(n.type, n.data),
      diagramId: n.diagramId,
      diagramName: p.diagrams.get(n.diagramId)?.name ?? n.diagramId,
      class: spokenCost ? 'credits' : c.class,
      reason: spokenCost ? `${c.reason}, spoken: text-to-speech and call time` : c.reason,
      model: first?.model ?? null,
      calls: cost.calls,
      replyCalls: cost.replyCalls,
      credits: total.expected,
      creditsMax: total.max,
      growthPerTurn: total.growth,
      spokenChars: cost.spokenChars,
      range: n.range,
      turns: [],
    });
  }

  const graph = buildGraph(p, cls);
  diagnostics.push(...graph.diagnostics);
  const hidden: Analysis['hidden'] = {};
  const icSpec = intentClassificationCall(p, res);
  if (icSpec) hidden.intentClassification = priceCall(icSpec, ctx);
  const nmSpec = noMatchCall(p);
  if (nmSpec) hidden.noMatch = priceCall(nmSpec, ctx);
  const userMessage = voice ? voice.perUserTurn : new Decimal(settings.userMessageCredits);
  const walker = new Walker({ graph, cls, arrival, settings });
  const turns = buildTurns(
    walker,
    graph,
    cls,
    {
      userMessage,
      intentClassification: hidden.intentClassification && amountOf([hidden.intentClassification]),
      noMatch: hidden.noMatch && amountOf([hidden.noMatch]),
      reply,
    },
    settings,
  );
  assignTurns(steps, turns, walker, graph.succ, cls);
  diagnostics.push(...loopDiagnostics(walker.loops, p));
  for (const id of walker.recursion)
    diagnostics.push({
      rule: 'component-recursion',
      severity: 'warning',
      message: `Component step ${id} calls itself (directly or through other components); the recursive call is not followed`,
      stepId: id,
      range: p.nodes.get(id)?.range,
    });

  const conversation = conversationCost(turns, settings, userMessage);
  const analysis: Analysis = {
    file: {
      projectName: p.projectName,
      platform: p.platform,
      era: p.era,
      schemaVersion: p.schemaVersion,
      channel: p.channel,
      channelReason: p.channelReason,
    },
    steps,
    turns,
    hidden,
    loops: walker.loops,
    conversation,
    month: monthCost(conversation, rates.card.plans, settings),
    voice: voice && { tts: voice.tts.id, stt: voice.stt.id, perChar: voice.perChar, perUserTurn: voice.perUserTurn },
    diagnostics,
    settings,
    assumptions: describeAssumptions(settings),
    rateCard: { name: rates.card.name, source: rates.card.source, checked: rates.card.checked },
  };
  diagnostics.push(...lint(analysis, rates, lintConfig));
  return analysis;
}

function sumAmounts(a: Amount, b: Amount): Amount {
  const add = (x: Decimal | null, y: Decimal | null) => (x === null || y === null ? null : x.plus(y));
  return { expected: add(a.expected, b.expected), max: add(a.max, b.max), growth: add(a.growth, b.growth) };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function stepName(type: string, d: any): string {
  const n =
    typeof d.label === 'string' && d.label.trim() ? d.label : typeof d.name === 'string' && d.name.trim() ? d.name : '';
  return n || type;
}

function looksLikeLlm(d: any): boolean {
  return typeof d.model === 'string' || typeof d.promptID === 'string' || typeof d.prompt === 'string';
}

/** Records, for each step, the turns that run it (BFS inside each turn, stopping at waits). */
function assignTurns(
  steps: StepReport[],
  turns: Turn[],
  walker: Walker,
  succ: Map<string, { to: string }[]>,
  cls: Map<string, Classification>,
): void {
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const t of turns) {
    const seen = new Set<string>();
    const queue: string[] =
      t.kind === 'launch' ? [t.start] : [t.start, ...walker.branches(t.start, '').map((c) => splitState(c.key).step)];
    while (queue.length) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      byId.get(id)?.turns.push(t.id);
      if (id !== t.start && cls.get(id)?.waits) continue;
      if (id === t.start && t.kind === 'reply') continue;
      for (const e of succ.get(id) ?? []) queue.push(e.to);
      for (const c of walker.branches(id, '')) queue.push(splitState(c.key).step);
    }
  }
}

/** Loops without LLM cost (costly ones are the llm-in-loop rule's). */
function loopDiagnostics(loops: Loop[], p: ParsedExport): Diagnostic[] {
  return loops
    .filter((l) => l.passCost !== null && l.passCost.isZero())
    .map((l) => {
      const head = p.nodes.get(l.steps[0]);
      return {
        rule: 'loop',
        severity: 'information',
        message: `Loop of ${l.steps.length} step(s) without LLM cost runs before the user speaks`,
        stepId: head?.id,
        range: head?.range,
      };
    });
}
