/**
 * The engine's entry point: export text + settings → Analysis (plain data, Decimal money).
 * Every surface (CLI, language server, panel) renders this one object.
 *
 *   text → formats (readExport) → Flow → price steps → graph → turns → conversation → month → rules
 */
import { EMPTY_CONFIG, type LintConfig } from './config/projectConfig';
import { priceCall, PricingContext } from './cost/callPricing';
import { Amount, amountOf, stepCost } from './cost/stepCost';
import { voiceRates, VoiceRates } from './cost/voice';
import type { Flow } from './flow/types';
import { readExport } from './formats/index';
import type { JsonDocument } from './json/document';
import { placeByPath } from './json/locate';
import { graphOf } from './graph/graph';
import { Decimal } from './pricing/money';
import { Rates } from './pricing/rates';
import { lint } from './rules/index';
import { describeAssumptions, Settings } from './settings';
import { conversationCost, monthCost } from './turns/conversation';
import { buildTurns, Turn } from './turns/turns';
import { Loop, splitState, Walker } from './turns/walk';
import type { Analysis, Diagnostic, StepReport } from './types';

export type { Analysis, StepReport } from './types';

/**
 * Analyses export text and runs the cost rules (`lintConfig`: the project file's severities,
 * ignores and budgets). Throws ExportError when the text is not JSON or not an export.
 */
export function analyze(
  text: string,
  settings: Settings,
  rates: Rates = new Rates(),
  lintConfig: LintConfig = EMPTY_CONFIG.lint,
): Analysis {
  const { flow, doc } = readExport(text, { channel: settings.channel });
  return placeDiagnostics(analyzeFlow(flow, settings, rates, lintConfig), doc);
}

/** Puts findings that name a property (`"model": …`) on that property in the source text. */
export function placeDiagnostics(a: Analysis, doc: JsonDocument): Analysis {
  placeByPath(a.diagnostics, doc.text, doc.lines);
  return a;
}

/** Analyses a flow (any format's) with the settings, rates and rules. */
export function analyzeFlow(
  flow: Flow,
  settings: Settings,
  rates: Rates = new Rates(),
  lintConfig: LintConfig = EMPTY_CONFIG.lint,
): Analysis {
  const diagnostics: Diagnostic[] = [...flow.diagnostics];
  const ctx: PricingContext = { rates, settings };
  const channel = flow.project.channel;
  const voice: VoiceRates | undefined =
    channel === 'voice' ? voiceRates(flow.project.voice, rates, settings, diagnostics) : undefined;

  const { steps, arrival, reply } = priceSteps(flow, ctx, voice);
  const graph = graphOf(flow);
  const hidden: Analysis['hidden'] = {};
  const { intentClassification, noMatch } = flow.perMessage;
  if (intentClassification) hidden.intentClassification = priceCall(intentClassification, ctx);
  if (noMatch) hidden.noMatch = priceCall(noMatch, ctx);
  const userMessage = voice ? voice.perUserTurn : new Decimal(settings.userMessageCredits);
  const walker = new Walker({ graph, steps: flow.steps, arrival, settings });
  const turns = buildTurns(
    walker,
    graph,
    flow.steps,
    {
      userMessage,
      intentClassification: hidden.intentClassification && amountOf([hidden.intentClassification]),
      noMatch: hidden.noMatch && amountOf([hidden.noMatch]),
      reply,
    },
    settings,
  );
  assignTurns(steps, turns, walker, flow);
  diagnostics.push(...loopDiagnostics(walker.loops, flow));
  for (const id of walker.recursion)
    diagnostics.push({
      rule: 'component-recursion',
      severity: 'warning',
      message: `Component step ${id} calls itself (directly or through other components); the recursive call is not followed`,
      stepId: id,
      range: flow.steps.get(id)?.range,
    });

  const conversation = conversationCost(turns, settings, userMessage);
  const analysis: Analysis = {
    file: {
      projectName: flow.project.name,
      platform: flow.project.platform,
      format: flow.format.id,
      era: flow.format.era,
      schemaVersion: flow.format.schemaVersion,
      channel,
      channelReason: flow.project.channelReason,
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

/** Prices every step: its report row, and what it costs on arrival and on the user's reply. */
function priceSteps(
  flow: Flow,
  ctx: PricingContext,
  voice: VoiceRates | undefined,
): { steps: StepReport[]; arrival: Map<string, Amount>; reply: Map<string, Amount> } {
  const arrival = new Map<string, Amount>();
  const reply = new Map<string, Amount>();
  const steps: StepReport[] = [];
  for (const s of flow.steps.values()) {
    const cost = stepCost(s, ctx, voice);
    arrival.set(s.id, cost.arrival);
    if (cost.replyCalls.length) reply.set(s.id, cost.reply);
    const total = sumAmounts(cost.arrival, cost.reply);
    // In voice every spoken character costs text-to-speech: a static message is not free.
    const spokenCost = voice !== undefined && cost.spokenChars > 0 && s.class === 'free';
    const first = cost.calls[0] ?? cost.replyCalls[0];
    steps.push({
      id: s.id,
      type: s.type,
      kind: s.kind,
      name: s.name,
      diagramId: s.diagramId,
      diagramName: flow.diagrams.get(s.diagramId)?.name ?? s.diagramId,
      class: spokenCost ? 'credits' : s.class,
      reason: spokenCost ? `${s.reason}, spoken: text-to-speech and call time` : s.reason,
      model: first?.model ?? null,
      calls: cost.calls,
      replyCalls: cost.replyCalls,
      credits: total.expected,
      creditsMax: total.max,
      growthPerTurn: total.growth,
      spokenChars: cost.spokenChars,
      range: s.range,
      path: s.path,
      turns: [],
    });
  }
  return { steps, arrival, reply };
}

function sumAmounts(a: Amount, b: Amount): Amount {
  const add = (x: Decimal | null, y: Decimal | null) => (x === null || y === null ? null : x.plus(y));
  return { expected: add(a.expected, b.expected), max: add(a.max, b.max), growth: add(a.growth, b.growth) };
}

/** Records, for each step, the turns that run it (BFS inside each turn, stopping at waits). */
function assignTurns(steps: StepReport[], turns: Turn[], walker: Walker, flow: Flow): void {
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
      const step = flow.steps.get(id);
      if (id !== t.start && step?.waits) continue;
      if (id === t.start && t.kind === 'reply') continue;
      if (step?.executable) for (const e of step.edges) queue.push(e.to);
      for (const c of walker.branches(id, '')) queue.push(splitState(c.key).step);
    }
  }
}

/** Loops without LLM cost (costly ones are the llm-in-loop rule's). */
function loopDiagnostics(loops: Loop[], flow: Flow): Diagnostic[] {
  return loops
    .filter((l) => l.passCost !== null && l.passCost.isZero())
    .map((l) => {
      const head = flow.steps.get(l.steps[0]);
      return {
        rule: 'loop',
        severity: 'information',
        message: `Loop of ${l.steps.length} step(s) without LLM cost runs before the user speaks`,
        stepId: head?.id,
        range: head?.range,
      };
    });
}
