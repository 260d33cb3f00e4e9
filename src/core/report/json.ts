/**
 * Analysis → the stable JSON report (schema/report.schema.json). Decimals become exact decimal
 * strings; an unknown price is null. Every other format renders from this object, so all
 * surfaces show the same numbers.
 */
import type { Analysis, StepReport } from '../types';
import type { Decimal } from '../pricing/money';
import type { Rates } from '../pricing/rates';
import type { LlmCall, Spread } from '../types';

export const REPORT_SCHEMA_VERSION = 1;

const str = (d: Decimal | null): string | null => (d === null ? null : d.toString());
const spread = (s: Spread<Decimal>) => ({
  min: s.min.toString(),
  expected: s.expected.toString(),
  max: s.max.toString(),
});

export type JsonReport = ReturnType<typeof toJsonReport>;

export function toJsonReport(a: Analysis, rates: Rates, fileName?: string) {
  const call = (c: LlmCall) => jsonCall(c, rates);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    file: { name: fileName ?? null, ...a.file },
    rateCard: a.rateCard,
    assumptions: a.assumptions,
    steps: a.steps.map((s) => jsonStep(s, rates)),
    hidden: {
      intentClassification: a.hidden.intentClassification ? call(a.hidden.intentClassification) : null,
      noMatch: a.hidden.noMatch ? call(a.hidden.noMatch) : null,
      noReply: a.hidden.noReply ? call(a.hidden.noReply) : null,
    },
    agentic: a.agentic ? jsonAgentic(a.agentic) : null,
    turns: a.turns.map(jsonTurn),
    conversation: jsonConversation(a.conversation),
    month: {
      conversations: a.month.conversations,
      credits: spread(a.month.credits),
      usd: spread(a.month.usd),
      plan: a.month.plan ? { id: a.month.plan.id, name: a.month.plan.name, credits: a.month.plan.credits } : null,
      budget: a.month.budget,
      alerts: a.month.alerts,
    },
    voice: a.voice
      ? {
          tts: a.voice.tts,
          stt: a.voice.stt,
          creditsPerChar: a.voice.perChar.toString(),
          creditsPerUserTurn: a.voice.perUserTurn.toString(),
          unknown: a.voice.unknown,
        }
      : null,
    diagnostics: a.diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      stepId: d.stepId ?? null,
      group: d.group ?? null,
      range: d.range ?? null,
    })),
  };
}

/**
 * Calls already written, by call object and rates: a language server re-prices only the steps an
 * edit touched (stepRows.ts), the rest keep their call objects and so their JSON.
 */
const written = new WeakMap<LlmCall, { rates: string; json: ReturnType<typeof writeCall> }>();

function jsonCall(c: LlmCall, rates: Rates) {
  const w = written.get(c);
  if (w?.rates === rates.fingerprint) return w.json;
  const json = writeCall(c, rates);
  written.set(c, { rates: rates.fingerprint, json });
  return json;
}

function writeCall(c: LlmCall, rates: Rates) {
  const r = c.rateId ? rates.llmById(c.rateId) : undefined;
  const resolved = r ? rates.llm(r.id) : null;
  return {
    label: c.label,
    model: c.model,
    rate:
      r && resolved
        ? {
            id: r.id,
            inputPer1K: str(resolved.inputPer1K),
            outputPer1K: str(resolved.outputPer1K),
            source: r.source,
            checked: r.checked,
          }
        : null,
    tokens: { input: c.input, output: c.output, outputMax: c.outputMax, exact: c.exact, breakdown: c.breakdown },
    reasoningEffort: c.reasoningEffort ?? null,
    priority: c.priority ?? null,
    unbudgetedVariables: c.unbudgeted.map((u) => u.name),
    memoryTokensPerTurn: c.memoryTokensPerTurn,
    credits: str(c.credits),
    creditsMax: str(c.creditsMax),
    growthPerTurn: str(c.growthPerTurn),
  };
}

function jsonStep(s: StepReport, rates: Rates) {
  // Tokens of one run: the arrival calls, or the reply calls of a step billed on the reply only.
  const all = s.calls.length ? s.calls : s.replyCalls;
  return {
    id: s.id,
    type: s.type,
    kind: s.kind,
    name: s.name,
    block: s.blockId ? { id: s.blockId, name: s.container } : null,
    diagram: { id: s.diagramId, name: s.diagramName },
    class: s.class,
    reason: s.reason,
    model: s.model,
    tokens: {
      input: all.reduce((n, c) => n + c.input, 0),
      output: all.reduce((n, c) => n + c.output, 0),
      outputMax: all.reduce((n, c) => n + c.outputMax, 0),
      exact: all.every((c) => c.exact),
    },
    credits: str(s.credits),
    creditsMax: str(s.creditsMax),
    growthPerTurn: str(s.growthPerTurn),
    spokenChars: s.spokenChars,
    calls: s.calls.map((c) => jsonCall(c, rates)),
    replyCalls: s.replyCalls.map((c) => jsonCall(c, rates)),
    range: s.range ?? null,
    turns: s.turns,
    reachable: s.reachable,
    visits: s.visits.toString(),
    replies: s.replies.toString(),
    creditsPerConversation: str(s.creditsPerConversation),
  };
}

function jsonAgentic(g: NonNullable<Analysis['agentic']>) {
  return {
    routerId: g.routerId,
    routerCreditsPerMessage: str(g.routerCreditsPerMessage),
    skills: g.skills.map((k) => ({
      id: k.id,
      name: k.name,
      kind: k.kind,
      diagramId: k.diagramId ?? null,
      share: k.share.toString(),
      creditsPerMessage: str(k.creditsPerMessage),
      creditsPerConversation: str(k.creditsPerConversation),
    })),
  };
}

function jsonTurn(t: Analysis['turns'][number]) {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    start: t.start,
    visits: t.visits.toString(),
    credits: spread(t.credits),
    growthPerTurn: spread(t.growth),
    unbounded: t.unbounded,
    complete: t.unknown.length === 0,
    unknownSteps: t.unknown,
    reachable: t.reachable,
    next: [...t.ends].map(([turn, p]) => ({ turn: turn === '' ? null : turn, probability: p.toString() })),
  };
}

function jsonConversation(c: Analysis['conversation']) {
  return {
    turns: c.turns,
    credits: spread(c.credits),
    usd: spread(c.usd),
    unbounded: c.unbounded,
    complete: c.complete,
    memoryTurns: c.memoryTurns,
    cap: c.cap ? { usd: c.cap.usd.toString(), credits: c.cap.credits.toString(), source: c.cap.source } : null,
  };
}
