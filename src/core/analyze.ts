/**
 * The engine's entry point: export text + settings → Analysis (plain data, Decimal money).
 * Every surface (CLI, language server, panel) renders this one object.
 *
 *   text → formats (readExport) → Flow → price steps → graph → turns → conversation → month → rules
 */
import { EMPTY_CONFIG, type LintConfig } from './config/projectConfig';
import { priceCall, PricingContext } from './cost/callPricing';
import { Amount, amountOf } from './cost/stepCost';
import { voiceRates, VoiceRates } from './cost/voice';
import type { Flow } from './flow/types';
import { readExport, type ReadOptions } from './formats/index';
import type { JsonDocument } from './json/document';
import { placeByPath } from './json/locate';
import { graphOf } from './graph/graph';
import { Decimal } from './pricing/money';
import { Rates } from './pricing/rates';
import { lint } from './rules/index';
import { describeAssumptions, Settings } from './settings';
import { conversationCost, ConversationCost, monthCost } from './turns/conversation';
import { buildTurns, Turn, type TurnMemo, type TurnModel } from './turns/turns';
import { turnRuns } from './turns/runs';
import { StructureCache, structureKey } from './turns/structure';
import { keepingEngineCaches } from './memo';
import { ONE, ZERO } from './turns/decimals';
import { reusableValues } from './turns/plan';
import { Loop, stateKey, Walker, type WalkPlan, type WalkResult } from './turns/walk';
import type { Analysis, Diagnostic, LlmCall, StepReport } from './types';
import { countRuns, evaluationSteps, priceSteps } from './stepRows';
import { loopDiagnostics, modelNotes, recursionDiagnostics, withoutUnreachable } from './engineNotes';

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
  const { flow, where } = readText(text, readOptions(settings));
  return placeDiagnostics(analyzeFlow(flow, settings, rates, lintConfig), where);
}

/** Reads `text`, keeping of the parse only what placing diagnostics needs (the JSON tree can go). */
export function readText(text: string, options: ReadOptions): { flow: Flow; where: Placing } {
  const { flow, doc } = readExport(text, options);
  return { flow, where: { text: doc.text, lines: doc.lines } };
}

/** What a format reader takes from the settings (the channel override, the agentic knobs). */
export function readOptions(settings: Settings): ReadOptions {
  return {
    channel: settings.channel,
    routerOnEveryTurn: settings.routerOnEveryTurn,
    toolRoundsPerTurn: settings.toolRoundsPerTurn,
    toolResultTokens: settings.toolResultTokens,
  };
}

/** What placing diagnostics reads of a parsed document. */
export type Placing = Pick<JsonDocument, 'text' | 'lines'>;

/** Puts findings that name a property (`"model": …`) on that property in the source text. */
export function placeDiagnostics(a: Analysis, doc: Placing): Analysis {
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
  const ctx: PricingContext = { rates, settings, variables: flow.variables, priority: flow.project.priorityProcessing };
  const voice: VoiceRates | undefined =
    flow.project.channel === 'voice' ? voiceRates(flow.project.voice, rates, settings, diagnostics) : undefined;
  const { steps, arrival, reply } = priceSteps(flow, ctx, voice);
  const hidden = hiddenCalls(flow, ctx);
  const { walker, model, cached, keep } = walkTurns(flow, settings, { arrival, reply, hidden, voice });
  const evaluations = evaluationSteps(flow, ctx);
  steps.push(...evaluations.steps);
  if (evaluations.turn) model.turns.set(evaluations.turn.id, evaluations.turn);
  const memoryTurns = flow.project.memoryTurns ?? settings.memoryMaxTurns;
  const conversation = capped(conversationCost(model, settings, memoryTurns), flow, settings);
  const turns = [...model.turns.values()];
  const runs = cached?.runs ?? new Map<string, Map<string, Decimal>>();
  countRuns(steps, turns, (t) => turnRunsOnce(runs, t, () => turnRuns(walker, flow.steps, t)), arrival, reply);
  // Before the walk's plan is kept: the skills' answers are states of the walk too.
  const agentic = agenticSummary(flow, steps, settings, walker);
  keep?.(runs);
  diagnostics.push(
    ...loopDiagnostics(walker.loops, flow),
    ...modelNotes(steps, hidden, rates),
    ...recursionDiagnostics(walker.recursion, flow),
  );
  const analysis: Analysis = {
    file: fileSummary(flow),
    steps,
    turns,
    agentic,
    hidden,
    loops: walker.loops.filter((l) => reachableLoop(l, steps)),
    conversation,
    month: monthCost(conversation, rates.card.plans, settings),
    voice: voice && voiceSummary(voice),
    diagnostics,
    settings,
    assumptions: assumptionsOf(settings, flow),
    rateCard: { name: rates.card.name, source: rates.card.source, checked: rates.card.checked },
  };
  diagnostics.push(...lint(analysis, rates, lintConfig));
  analysis.diagnostics = withoutUnreachable(diagnostics, steps);
  return analysis;
}

/** The hidden per-message calls (LLM intent classification, no-match and no-reply fallbacks), priced. */
function hiddenCalls(flow: Flow, ctx: PricingContext): Analysis['hidden'] {
  const hidden: Analysis['hidden'] = {};
  const { intentClassification, noMatch, noReply } = flow.perMessage;
  if (intentClassification) hidden.intentClassification = priceCall(intentClassification, ctx);
  if (noMatch) hidden.noMatch = priceCall(noMatch, ctx);
  if (noReply) hidden.noReply = priceCall(noReply, ctx);
  return hidden;
}

/** What the turn walk prices: each step's arrival and reply, the hidden calls, the voice rates. */
interface TurnPrices {
  arrival: Map<string, Amount>;
  reply: Map<string, Amount>;
  hidden: Analysis['hidden'];
  voice: VoiceRates | undefined;
}

/** The walked turns, and what the structure cache holds for them. */
interface WalkedTurns {
  walker: Walker;
  model: TurnModel;
  /** The structure cache's entry this walk replayed, if any. */
  cached: StructureEntry | undefined;
  /** Keeps this walk in the structure cache with the turns' runs (when engine caches are kept). */
  keep?: (runs: StructureEntry['runs']) => void;
}

/**
 * Walks the graph into turns. A flow shaped like one analysed before replays that walk,
 * re-evaluating what the prices change.
 */
function walkTurns(flow: Flow, settings: Settings, prices: TurnPrices): WalkedTurns {
  const { arrival, reply, hidden, voice } = prices;
  const graph = graphOf(flow);
  const userMessage = voice ? voice.perUserTurn : new Decimal(settings.userMessageCredits);
  const structure = keepingEngineCaches() ? structureKey(graph, flow.steps, settings) : undefined;
  const cached = structure === undefined ? undefined : structureCache.peek(structure);
  const input = { graph, steps: flow.steps, arrival, settings };
  const walker = cached
    ? Walker.replay(cached.plan, input, (plan, prices) => reusableValues(plan, cached.last, prices))
    : new Walker(input);
  const turnMemo: TurnMemo | undefined = keepingEngineCaches() ? (cached?.turns ?? new Map()) : undefined;
  const extras = {
    userMessage,
    intentClassification: hidden.intentClassification && amountOf([hidden.intentClassification]),
    noMatch: hidden.noMatch && amountOf([hidden.noMatch]),
    noReply: hidden.noReply && amountOf([hidden.noReply]),
    unknownParts: voice?.unknown ?? [],
    reply,
  };
  const model = buildTurns(walker, graph, flow.steps, flow.entries, extras, settings, turnMemo);
  const keep =
    structure === undefined || !turnMemo
      ? undefined
      : (runs: StructureEntry['runs']) => {
          const walked = walker.result();
          structureCache.set(structure, {
            plan: walked.plan,
            runs,
            turns: turnMemo,
            last: { arrival, values: walked.values },
          });
        };
  return { walker, model, cached, keep };
}

/** What the report says about the file: project, platform, format, era, channel, framework. */
function fileSummary(flow: Flow): Analysis['file'] {
  return {
    projectName: flow.project.name,
    platform: flow.project.platform,
    format: flow.format.id,
    era: flow.format.era,
    schemaVersion: flow.format.schemaVersion,
    channel: flow.project.channel,
    channelReason: flow.project.channelReason,
    framework: flow.project.framework,
    ignored: flow.ignored,
  };
}

/** The voice rates the report shows (text-to-speech, speech-to-text, per character and user turn). */
function voiceSummary(voice: VoiceRates): Analysis['voice'] {
  return {
    tts: voice.ttsLabel,
    stt: voice.sttLabel,
    perChar: voice.perChar,
    perUserTurn: voice.perUserTurn,
    unknown: voice.unknown,
  };
}

/**
 * The evaluations turn is visited once per conversation; `costControl.maxDollars` caps what one
 * conversation can cost (the platform ends it there), which bounds the maximum.
 */
function capped(c: ConversationCost, flow: Flow, settings: Settings): ConversationCost {
  const cap =
    flow.project.costCapUsd === undefined
      ? undefined
      : new Decimal(flow.project.costCapUsd).div(settings.creditPriceUsd);
  const max = cap && c.credits.max.gt(cap) ? cap : c.credits.max;
  const credits = { ...c.credits, max, min: Decimal.min(c.credits.min, max) };
  const price = new Decimal(settings.creditPriceUsd);
  return {
    ...c,
    credits,
    usd: { min: credits.min.mul(price), expected: credits.expected.mul(price), max: credits.max.mul(price) },
    cap: cap && {
      usd: new Decimal(flow.project.costCapUsd!),
      credits: cap,
      source: 'costControl.maxDollars in the export',
    },
  };
}

/**
 * What depends on the graph's structure only, per structure key: the walk's plan (and its last
 * values, reused where the prices did not change) and the steps each turn runs. An edit that
 * changes prices, not branching (typing in a prompt), neither searches the graph nor walks the
 * turns again.
 */
const structureCache = new StructureCache<StructureEntry>();

/** One structure's entry in the cache. */
interface StructureEntry {
  plan: WalkPlan;
  runs: Map<string, Map<string, Decimal>>;
  turns: TurnMemo;
  last: WalkResult;
}

/** A turn's runs from the structure's cache (a reply turn also lists its start, the wait). */
function turnRunsOnce(
  cache: Map<string, Map<string, Decimal>>,
  t: Turn,
  compute: () => Map<string, Decimal>,
): Map<string, Decimal> {
  const key = `${t.kind}\u0000${t.id}\u0000${t.start}`;
  let runs = cache.get(key);
  if (!runs) {
    runs = compute();
    if (t.kind === 'reply') runs.set(t.start, runs.get(t.start) ?? ZERO);
    cache.set(key, runs);
  }
  return runs;
}

/**
 * The agentic router's split over its skills, and what a message answered by each costs: the
 * routing call plus what runs from the skill until the next wait (a playbook's calls; a workflow's
 * canvas up to its first wait). Per conversation: the skill's own calls (a workflow's: its canvas).
 */
function agenticSummary(flow: Flow, steps: StepReport[], settings: Settings, walker: Walker): Analysis['agentic'] {
  const a = flow.agentic;
  if (!a) return undefined;
  const byId = new Map(steps.map((s) => [s.id, s]));
  const router = byId.get(a.routerId);
  const routing = router ? sumCalls(router.replyCalls) : null;
  const weights = a.skills.map((k) =>
    Object.hasOwn(settings.skillShares, k.name) ? new Decimal(settings.skillShares[k.name]) : ONE,
  );
  const total = weights.reduce((n, w) => n.plus(w), ZERO);
  return {
    routerId: a.routerId,
    routerCreditsPerMessage: routing,
    skills: a.skills.map((k, i) => {
      const answer = walker.value(stateKey(k.id, ''));
      const own = byId.has(k.id) && answer.unknown.length === 0 ? answer.expected : null;
      const canvas = k.kind === 'workflow' && k.diagramId !== undefined ? k.diagramId : undefined;
      return {
        ...k,
        share: total.isZero() ? ONE.div(a.skills.length) : weights[i].div(total),
        creditsPerMessage: routing === null || own === null ? null : routing.plus(own),
        creditsPerConversation: sumOrNull(
          steps.filter((s) => s.id === k.id || (canvas !== undefined && s.diagramId === canvas)),
          (s) => s.creditsPerConversation,
        ),
      };
    }),
  };
}

/** The sum of a figure over steps; null when any is unknown (or there is no step). */
function sumOrNull(list: StepReport[], figure: (s: StepReport) => Decimal | null): Decimal | null {
  if (list.length === 0) return null;
  let sum = ZERO;
  for (const s of list) {
    const v = figure(s);
    if (v === null) return null;
    sum = sum.plus(v);
  }
  return sum;
}

function sumCalls(calls: LlmCall[]): Decimal | null {
  return amountOf(calls).expected;
}

/** A loop matters when a conversation can run it. */
function reachableLoop(l: Loop, steps: StepReport[]): boolean {
  const head = steps.find((s) => s.id === l.steps[0]);
  return head?.reachable !== false;
}

/** The assumptions a report used; the memory window the file sets replaces the setting. */
function assumptionsOf(settings: Settings, flow: Flow): Analysis['assumptions'] {
  const rows = describeAssumptions(settings);
  const fromFile = flow.project.memoryTurns;
  if (fromFile === undefined) return rows;
  return rows.map((r) =>
    r.key === 'memoryMaxTurns' ? { ...r, value: fromFile, doc: `${r.doc} (from the file)`, isDefault: false } : r,
  );
}
