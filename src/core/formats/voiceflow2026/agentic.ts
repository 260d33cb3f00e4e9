/**
 * The agentic framework (Voiceflow V4, 2026) as steps of the neutral flow. Per user message
 * (voiceflow-2026-format.md §10):
 * - the Agent ("router") makes one call: global prompt + its instructions + the skill catalogue
 *   (each playbook and workflow as a hand-off tool) + its tools + memory + the message;
 * - the answer comes from the Agent itself, a playbook (one call on the playbook's model + one per
 *   tool round, a knowledge-base round adding its chunks) or a workflow (its canvas, where only
 *   LLM steps cost), in the shares `skillShares` (equal by default);
 * - the conversation starts with the initialization workflow and the Agent's greeting (a call).
 * With `routerOnEveryTurn: false` a playbook keeps the conversation until it hands back, and its
 * replies skip the router (the lower bound of §10 row 5).
 */
import type { CallSpec, Flow, FlowStep, JsonPath, TextParts, ToolDef } from '../../flow/types';
import { asArray, asObject, asString, dig, isObject, JsonObject, own } from '../../json/safe';
import type { ReadOptions } from '../format';
import type { Canvas } from '../voiceflow/read';
import { roundCalls } from '../voiceflow/calls';
import type { AgentResource } from '../voiceflow/resources';
import { fromMarkup, fromTemplate, joinParts } from '../voiceflow/text';

const EMPTY: TextParts = { literal: '', variables: [] };
const USER: TextParts = { literal: '', variables: ['last_utterance'] };
const HELD = 'stay:';

/** The model settings an agent or playbook inherits: `settings.llm.defaultModels.global`. */
interface Defaults {
  model?: unknown;
  maxTokens?: unknown;
  reasoningEffort?: unknown;
  path: JsonPath;
}

/** The global prompt (persona + guidelines), compiled strings first, and where it lives. */
function globalPrompt(root: unknown): { text: TextParts; sources: CallSpec['sources'] } {
  const compiled = asObject(dig(root, 'version', 'programResources', 'globalPrompts'));
  const markup = asObject(dig(root, 'version', 'settings', 'llm', 'globalPrompts'));
  const parts: TextParts[] = [];
  const sources: CallSpec['sources'] = [];
  for (const key of ['persona', 'guidelines']) {
    const c = own(compiled, key);
    if (typeof c === 'string' && c) {
      const text = fromTemplate(c);
      parts.push(text);
      sources.push({
        path: ['version', 'programResources', 'globalPrompts', key],
        what: `global prompt (${key})`,
        text,
      });
    } else if (own(markup, key)) {
      const text = fromMarkup(own(markup, key));
      parts.push(text);
      sources.push({
        path: ['version', 'settings', 'llm', 'globalPrompts', key],
        what: `global prompt (${key})`,
        text,
      });
    }
  }
  return { text: joinParts(...parts), sources };
}

/** A hand-off tool: how a skill appears in the router's catalogue. */
function skillTool(name: string, toolName: unknown, description: string): ToolDef {
  const id =
    asString(toolName) ||
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '');
  return { name: id, description, parameters: [] };
}

interface Skill {
  kind: 'playbook' | 'workflow';
  name: string;
  tool: ToolDef;
  agent?: AgentResource;
  diagramStart?: string;
}

/** Adds the Agent, its playbooks and workflows to a flow read from an agentic export. */
export function addAgenticLayer(canvas: Canvas, options: ReadOptions): void {
  const { flow, root, res } = canvas;
  const settings = asObject(dig(root, 'version', 'settings'));
  const crew = isObject(settings.globalCrew)
    ? settings.globalCrew
    : asObject(dig(root, 'version', 'programResources', 'globalCrew'));
  const agentId = own(crew, 'agentID') ?? dig(settings, 'llm', 'globalAgentID');
  const agent = res.agent(agentId);
  if (!agent) {
    flow.diagnostics.push({
      rule: 'missing-agent',
      severity: 'warning',
      message:
        `The agentic framework's agent "${asString(agentId, '?')}" is not in the export: user messages are ` +
        `priced without it`,
    });
    return;
  }
  const defaults: Defaults = {
    ...asObject(dig(settings, 'llm', 'defaultModels', 'global')),
    path: ['version', 'settings', 'llm', 'defaultModels', 'global'],
  };
  const global = globalPrompt(root);
  const skills = skillsOf(canvas, crew);
  // Tools attached to the Agent are global: every playbook has them too (DOC-GTOOLS).
  const globalTools = agent.tools.filter((t) => !BUILTIN_NAMES.has(t.name));
  const ctx: LayerContext = { flow, agent, defaults, global, options, globalTools };

  const router = routerStep(ctx, skills);
  flow.steps.set(router.id, router);
  const self = selfStep(ctx, router);
  const skillSteps = [
    self,
    ...skills.map((k) => (k.kind === 'playbook' ? playbookStep(ctx, k, router) : workflowStep(ctx, k, router))),
  ];
  const names = [agent.name, ...skills.map((k) => k.name)];
  for (const s of skillSteps) flow.steps.set(s.id, s);
  // Edge keys name the skill: `skillShares` weights them by name (equal by default).
  router.edges = skillSteps.map((s, i) => ({ to: s.id, key: `${SKILL_PREFIX}${names[i]}` }));
  addLaunch(canvas, settings, router.id);
  flow.agentic = {
    routerId: router.id,
    skills: [
      { id: self.id, name: agent.name, kind: 'agent' },
      ...skills.map((k, i) => ({
        id: skillSteps[i + 1].id,
        name: k.name,
        kind: k.kind,
        diagramId: k.diagramStart ? flow.steps.get(k.diagramStart)?.diagramId : undefined,
      })),
    ],
  };
}

/** Launch: the initialization workflow, then the Agent greets (its first call, no user message). */
function addLaunch(canvas: Canvas, settings: JsonObject, routerId: string): void {
  const { flow, root } = canvas;
  const startWorkflow = asArray(own(root, 'workflows')).find((w) => own(w, 'isStart') === true);
  const init =
    startOf(canvas, own(own(settings, 'framework'), 'agenticInitializeComponentID')) ??
    startOf(canvas, own(startWorkflow, 'diagramID'));
  const start: FlowStep = {
    ...bare('agentic:start', 'Conversation start', 'entry', flow),
    reason: 'conversation start: the initialization workflow runs, then the agent greets',
    subflow: init,
    edges: [{ to: routerId, key: 'greet' }],
  };
  flow.steps.set(start.id, start);
  flow.entries = [
    { kind: 'launch', stepId: start.id, name: 'Launch', global: false },
    ...flow.entries.filter((e) => e.kind !== 'launch'),
  ];
}

/** Output tokens of a routing decision (a hand-off tool call). */
const ROUTING_OUTPUT = 20;

/** Key prefix of the router's edges to its skills. */
export const SKILL_PREFIX = 'skill:';

const BUILTIN_NAMES = new Set([
  'knowledge_base',
  'web_search',
  'buttons',
  'card',
  'carousel',
  'call_forward',
  'end_conversation',
  'skip_turn',
]);

interface LayerContext {
  flow: Flow;
  agent: AgentResource;
  defaults: Defaults;
  global: { text: TextParts; sources: CallSpec['sources'] };
  options: ReadOptions;
  globalTools: ToolDef[];
}

/** Playbooks (`subAgents`) and workflows (`subFlows` → flows → diagrams) the Agent can hand off to. */
function skillsOf(canvas: Canvas, crew: JsonObject): Skill[] {
  const { res, root } = canvas;
  const out: Skill[] = [];
  for (const sub of asArray(own(crew, 'subAgents'))) {
    const a = res.agent(own(sub, 'agentID'));
    if (!a) continue;
    const description =
      asString(own(sub, 'description')) ||
      asString(dig(root, 'version', 'programResources', 'agents', a.id, 'description'));
    const toolName = dig(root, 'version', 'programResources', 'agents', a.id, 'toolName');
    out.push({ kind: 'playbook', name: a.name, tool: skillTool(a.name, toolName, description), agent: a });
  }
  const flows = asArray(own(root, 'flows'));
  for (const sub of asArray(own(crew, 'subFlows'))) {
    const id = own(sub, 'flowID');
    const row = flows.find((f) => own(f, 'id') === id);
    const compiled = typeof id === 'string' ? dig(root, 'version', 'programResources', 'flows', id) : undefined;
    const name = asString(own(row, 'name') ?? own(compiled, 'name'), 'Workflow');
    const description = asString(own(sub, 'description')) || asString(own(row, 'description'));
    const diagramStart = startOf(canvas, own(row, 'diagramID') ?? own(compiled, 'diagramID'));
    out.push({ kind: 'workflow', name, tool: skillTool(name, own(compiled, 'toolName'), description), diagramStart });
  }
  return out;
}

/** The first step of a diagram named by id (a workflow or component), when it is in the file. */
function startOf(canvas: Canvas, ref: unknown): string | undefined {
  const key = canvas.raw.resolveDiagram(ref);
  return key ? canvas.raw.diagrams.get(key)?.startId : undefined;
}

/** A step with everything off: the agentic steps fill in what they do. */
/**
 * The agentic layer's own diagram: its steps (the Agent, its skills, the conversation start) are on
 * no canvas, so they are listed under the Agent, not under the first workflow.
 */
export const AGENT_DIAGRAM = { id: 'agentic', name: 'Agent', type: 'AGENT' };

function bare(id: string, name: string, kind: FlowStep['kind'], flow: Flow): FlowStep {
  if (!flow.diagrams.has(AGENT_DIAGRAM.id)) flow.diagrams.set(AGENT_DIAGRAM.id, { ...AGENT_DIAGRAM });
  const diagramId = AGENT_DIAGRAM.id;
  return {
    id,
    type: 'agentic',
    kind,
    name,
    container: 'Agent',
    diagramId,
    class: 'free',
    reason: '',
    known: true,
    executable: true,
    waits: false,
    clickable: false,
    noMatch: false,
    ends: false,
    listensForIntents: false,
    globalJumps: false,
    calls: [],
    replyCalls: [],
    spoken: [],
    speaksOutput: false,
    edges: [],
  };
}

/** One call of an agent or playbook with the global prompt in front of its instructions. */
function agentCall(ctx: LayerContext, a: AgentResource, label: string, tools: ToolDef[], user: boolean): CallSpec {
  const inherited = a.model === undefined || a.model === null || a.model === '';
  return {
    label,
    task: 'converse',
    model: inherited ? ctx.defaults.model : a.model,
    maxTokens: a.maxTokens ?? ctx.defaults.maxTokens,
    reasoningEffort: a.reasoningEffort ?? ctx.defaults.reasoningEffort,
    system: joinParts(ctx.global.text, a.instructions),
    prompt: user ? USER : EMPTY,
    memory: true,
    knowledgeBase: false,
    tools,
    messages: 2,
    modelPath: inherited ? [...ctx.defaults.path, 'model'] : a.settingsPath && [...a.settingsPath, 'model'],
    maxTokensPath:
      a.maxTokens === undefined
        ? [...ctx.defaults.path, 'maxTokens']
        : a.settingsPath && [...a.settingsPath, 'maxTokens'],
    sources: [
      ...ctx.global.sources,
      ...(a.instructionsPath
        ? [{ path: a.instructionsPath, what: `instructions of "${a.name}"`, text: a.instructions }]
        : []),
    ],
  };
}

/** The Agent: greets on arrival, and routes every user message (one call each). */
function routerStep(ctx: LayerContext, skills: Skill[]): FlowStep {
  const a = ctx.agent;
  const tools = [...a.tools, ...skills.map((s) => s.tool)];
  return {
    ...bare(`agentic:agent:${a.id}`, a.name, 'agent', ctx.flow),
    path: a.settingsPath?.slice(0, 2),
    class: 'waits',
    reason: 'agent: reads every user message and picks who answers (one LLM call per message)',
    waits: true,
    listensForIntents: ctx.flow.perMessage.intentClassification !== undefined,
    calls: [{ ...agentCall(ctx, a, `${a.name}: greeting`, tools, false), task: 'respond' }],
    // The routing call hands the message on (a short tool call); the answer is written by the
    // branch that answers (the agent itself, a playbook, a workflow).
    replyCalls: [
      {
        ...agentCall(ctx, a, `${a.name}: routes the message`, tools, true),
        task: 'classify',
        fixedOutput: ROUTING_OUTPUT,
        spoken: false,
      },
    ],
    speaksOutput: true,
  };
}

/** The Agent answers itself (with a knowledge-base round when its KB tool is on). */
function selfStep(ctx: LayerContext, router: FlowStep): FlowStep {
  const a = ctx.agent;
  const kb = a.knowledgeBase;
  // Without a search, the routing call itself wrote the answer: only its output is added here.
  const calls: CallSpec[] = kb
    ? [
        {
          ...agentCall(ctx, a, `${a.name}: answers with the knowledge base`, a.tools, true),
          knowledgeBase: kb,
          messages: 4,
        },
      ]
    : [
        {
          ...agentCall(ctx, a, `${a.name}: writes the answer (in its routing call)`, [], true),
          task: 'respond',
          outputOnly: true,
        },
      ];
  return {
    ...bare(`agentic:self:${a.id}`, `${a.name} answers`, 'agent', ctx.flow),
    class: 'credits',
    reason: kb
      ? 'the agent answers itself after a knowledge-base search'
      : 'the agent answers itself (its routing call writes the reply)',
    calls,
    speaksOutput: true,
    edges: [{ to: router.id, key: `${HELD}${router.id}` }],
    holds: [`${HELD}${router.id}`],
  };
}

/** A playbook: one call, then one per tool round (results appended; a KB round adds its chunks). */
function playbookStep(ctx: LayerContext, skill: Skill, router: FlowStep): FlowStep {
  const p = skill.agent!;
  const tools = [...p.tools, ...ctx.globalTools.filter((g) => !p.tools.some((t) => t.name === g.name))];
  const calls = roundCalls(p, agentCall(ctx, p, p.name, tools, true), ctx.options);
  const rounds = calls.filter((c) => c.label.includes('tool round')).length;
  const holding = ctx.options.routerOnEveryTurn === false;
  const back = { to: router.id, key: `${HELD}${router.id}` };
  const stay = `${HELD}agentic:playbook:${p.id}`;
  return {
    ...bare(`agentic:playbook:${p.id}`, p.name, 'agent', ctx.flow),
    path: p.settingsPath?.slice(0, 2),
    class: holding ? 'waits' : 'credits',
    reason: holding
      ? 'playbook: answers and keeps the conversation until it hands back (routerOnEveryTurn off)'
      : `playbook: ${calls.length} LLM call(s) per answer (${rounds} tool round(s))`,
    waits: holding,
    calls,
    replyCalls: holding ? calls : [],
    speaksOutput: true,
    edges: holding ? [{ to: `agentic:playbook:${p.id}`, key: stay }, back] : [back],
    holds: holding ? [stay, back.key] : [back.key],
  };
}

/** A workflow skill: its canvas runs (only its LLM steps cost); when it ends, the Agent takes over. */
function workflowStep(ctx: LayerContext, skill: Skill, router: FlowStep): FlowStep {
  return {
    ...bare(`agentic:workflow:${skill.name}`, `Workflow: ${skill.name}`, 'call', ctx.flow),
    reason: 'workflow: runs its canvas; only its LLM steps cost',
    subflow: skill.diagramStart,
    edges: [{ to: router.id, key: `${HELD}${router.id}` }],
    holds: [`${HELD}${router.id}`],
  };
}
