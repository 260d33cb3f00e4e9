/**
 * Look-ups over the CMS tables and `version.programResources` that steps point into:
 * responses → messages, prompts, agents and their tools, intents, variables.
 * Prefers programResources (compiled plain strings), falls back to CMS markup. Every look-up keyed
 * by file content goes through a Map or an own-property read.
 */
import type { JsonPath, KnowledgeRead, TextParts, ToolDef } from '../../flow/types';
import { asArray, asObject, asString, byId, dig, isObject, JsonObject, own } from '../../json/safe';
import { fromMarkup, fromSlate, fromTemplate, joinParts } from './text';

export interface PromptResource {
  id: string;
  name: string;
  model?: unknown;
  maxTokens?: unknown;
  reasoningEffort?: unknown;
  system: TextParts;
  messages: TextParts;
  /** True when a message inserts `vf_memory` (conversation history). */
  usesMemory: boolean;
  /** Where the prompt's settings live (quick fixes edit the model there). */
  settingsPath?: JsonPath;
  /** Where its texts live (hovers). */
  textPath?: JsonPath;
}

export interface AgentResource {
  id: string;
  name: string;
  model?: unknown;
  maxTokens?: unknown;
  reasoningEffort?: unknown;
  instructions: TextParts;
  /** Tool definitions sent with every call (attached tools, then enabled built-in tools). */
  tools: ToolDef[];
  /** The knowledge-base tool, when enabled: chunks per query (`chunkLimit`). */
  knowledgeBase: false | KnowledgeRead;
  /** Where the agent's settings and instructions live. */
  settingsPath?: JsonPath;
  instructionsPath?: JsonPath;
}

export interface Resources {
  variableNames: Map<string, string>;
  /** Static text of a response (message step) and whether it is LLM-generated (`type: prompt`). */
  message(id: unknown): { text: TextParts; generated: boolean; promptId?: string } | undefined;
  prompt(id: unknown): PromptResource | undefined;
  agent(id: unknown): AgentResource | undefined;
  /** Intent names and descriptions, for the LLM intent-classification prompt. */
  intents: { name: string; description: string }[];
  /** Intent and event names by id (entries are named after them). */
  intentName(id: unknown): string | undefined;
  eventName(id: unknown): string | undefined;
  /** The knowledge-base settings (2026 `kbSettings`, else the legacy project settings) and their path. */
  kb?: { path: JsonPath; settings: JsonObject };
}

/** Where a knowledge base's settings live, newest first (voiceflow-2026-format.md §1). */
const KB_SETTINGS_PATHS: string[][] = [
  ['kbSettings'],
  ['knowledgeBaseSettings'],
  ['project', 'knowledgeBase', 'settings'],
];

/** Chunks and chunk size a knowledge-base query returns, from the KB settings. */
export function kbRead(kb: Resources['kb'], chunks?: unknown): KnowledgeRead {
  const limit = typeof chunks === 'number' && chunks > 0 ? chunks : dig(kb?.settings, 'search', 'limit');
  const size = dig(kb?.settings, 'chunkStrategy', 'size');
  return {
    chunks: typeof limit === 'number' && limit > 0 ? limit : undefined,
    chunkChars: typeof size === 'number' && size > 0 ? size : undefined,
  };
}

/** Index of each row by id, for paths into a CMS table. */
function indexOf(rows: unknown): Map<string, number> {
  const out = new Map<string, number>();
  asArray(rows).forEach((r, i) => {
    const id = own(r, 'id');
    if (typeof id === 'string' && !out.has(id)) out.set(id, i);
  });
  return out;
}

/** Builds the look-ups once per export. */
export function buildResources(root: unknown): Resources {
  const version = own(root, 'version');
  const pr = asObject(own(version, 'programResources'));
  const variableNames = new Map<string, string>();
  for (const table of ['variables', 'entities']) {
    for (const v of asArray(own(root, table))) {
      const id = own(v, 'id');
      if (typeof id === 'string') variableNames.set(id, asString(own(v, 'name'), id));
    }
  }
  const compiled = (table: string, id: string): JsonObject | undefined => {
    const v = own(own(pr, table), id);
    return isObject(v) ? v : undefined;
  };
  const cms = { root, variableNames, compiled };
  const cmsIntents = asArray(own(root, 'intents'));
  const intents =
    cmsIntents.length > 0
      ? cmsIntents.map((i) => ({ name: asString(own(i, 'name')), description: asString(own(i, 'description')) }))
      : asArray(dig(version, 'platformData', 'intents')).map((i) => ({
          name: asString(own(i, 'name')),
          description: '',
        }));
  const names = (rows: unknown, key = 'id') => {
    const out = new Map<string, string>();
    for (const r of asArray(rows)) {
      const id = own(r, key);
      const name = asString(own(r, 'name'));
      if (typeof id === 'string' && name) out.set(id, name);
    }
    return out;
  };
  const intentNames = names(own(root, 'intents'));
  for (const [k, v] of names(dig(version, 'platformData', 'intents'), 'key'))
    if (!intentNames.has(k)) intentNames.set(k, v);
  const eventNames = names(own(root, 'events'));
  const kbPath = KB_SETTINGS_PATHS.find((p) => isObject(dig(root, ...p)));
  const kb = kbPath && { path: kbPath, settings: asObject(dig(root, ...kbPath)) };
  return {
    variableNames,
    message: messageLookup(cms),
    prompt: promptLookup(cms),
    agent: agentLookup(cms, kb),
    intents,
    intentName: (id) => (typeof id === 'string' ? intentNames.get(id) : undefined),
    eventName: (id) => (typeof id === 'string' ? eventNames.get(id) : undefined),
    kb,
  };
}

/** What every look-up reads: the root, variable names, and the compiled `programResources` tables. */
interface Cms {
  root: unknown;
  variableNames: Map<string, string>;
  compiled(table: string, id: string): JsonObject | undefined;
}

/** Responses (message steps): compiled variants, else discriminators → messages/variants. */
function messageLookup({ root, variableNames, compiled }: Cms): Resources['message'] {
  const responses = byId(own(root, 'responses'));
  const discriminatorsByResponse = new Map<string, JsonObject>();
  for (const d of asArray(own(root, 'responseDiscriminators'))) {
    const rid = own(d, 'responseID');
    if (isObject(d) && typeof rid === 'string' && !discriminatorsByResponse.has(rid))
      discriminatorsByResponse.set(rid, d);
  }
  const responseMessages = byId(own(root, 'responseMessages'));
  const responseVariants = byId(own(root, 'responseVariants'));
  return (id) => {
    if (typeof id !== 'string') return undefined;
    const c = compiled('messages', id);
    const response = responses.get(id);
    const generated = own(response, 'type') === 'prompt';
    if (c) {
      const variants = Object.values(asObject(own(c, 'variants'))).flatMap(asArray);
      const first = variants.find((v) => dig(v, 'data', 'text') !== undefined);
      if (first) return { text: fromSlate(dig(first, 'data', 'text')), generated };
    }
    const disc = discriminatorsByResponse.get(id);
    if (disc) {
      const firstId = asArray(own(disc, 'variantOrder'))[0];
      const key = typeof firstId === 'string' ? firstId : '';
      const m = responseMessages.get(key);
      if (m) return { text: fromMarkup(own(m, 'text'), variableNames), generated };
      const v = responseVariants.get(key);
      if (v) {
        const promptId = own(v, 'promptID');
        return {
          text: fromMarkup(own(v, 'text'), variableNames),
          generated: generated || own(v, 'type') === 'prompt',
          promptId: typeof promptId === 'string' ? promptId : undefined,
        };
      }
    }
    return response ? { text: { literal: '', variables: [] }, generated } : undefined;
  };
}

/** Prompt CMS: compiled prompts, else `prompts[]` + `promptMessages[]` in `messageOrder`. */
function promptLookup({ root, variableNames, compiled }: Cms): Resources['prompt'] {
  const cmsPrompts = byId(own(root, 'prompts'));
  const promptRow = indexOf(own(root, 'prompts'));
  const promptMessages = new Map<string, JsonObject[]>();
  for (const m of asArray(own(root, 'promptMessages'))) {
    const pid = own(m, 'promptID');
    if (!isObject(m) || typeof pid !== 'string') continue;
    const list = promptMessages.get(pid) ?? [];
    list.push(m);
    promptMessages.set(pid, list);
  }
  return (id) => {
    if (typeof id !== 'string') return undefined;
    const c = compiled('prompts', id);
    const cms = cmsPrompts.get(id);
    const row = promptRow.get(id);
    const settingsPath = row === undefined ? undefined : ['prompts', row, 'settings'];
    const name = asString(own(cms, 'name'), id);
    const cmsSettings = asObject(own(cms, 'settings'));
    if (c) {
      const msgs = asArray(own(c, 'messages')).map((m) => fromTemplate(own(m, 'content')));
      const settings = asObject(own(c, 'settings'));
      return {
        id,
        name,
        model: own(settings, 'model') ?? own(cmsSettings, 'model'),
        maxTokens: own(settings, 'maxTokens') ?? own(cmsSettings, 'maxTokens'),
        reasoningEffort: own(settings, 'reasoningEffort') ?? own(cmsSettings, 'reasoningEffort'),
        system: fromTemplate(own(c, 'system')),
        messages: joinParts(...msgs),
        usesMemory: msgs.some((m) => m.variables.includes('vf_memory')),
        settingsPath,
        textPath: ['version', 'programResources', 'prompts', id],
      };
    }
    if (!cms) return undefined;
    const texts = promptTexts(promptMessages.get(id) ?? [], asArray(own(cms, 'messageOrder')), variableNames);
    return {
      id,
      name,
      model: own(cmsSettings, 'model'),
      maxTokens: own(cmsSettings, 'maxTokens'),
      reasoningEffort: own(cmsSettings, 'reasoningEffort'),
      ...texts,
      settingsPath,
    };
  };
}

/** System and message texts of CMS prompt messages, in the prompt's message order. */
function promptTexts(
  rows: JsonObject[],
  order: unknown[],
  variableNames: Map<string, string>,
): { system: TextParts; messages: TextParts; usesMemory: boolean } {
  const sorted = [...rows].sort((a, b) => order.indexOf(own(a, 'id')) - order.indexOf(own(b, 'id')));
  const system: TextParts[] = [];
  const messages: TextParts[] = [];
  let usesMemory = false;
  for (const r of sorted) {
    const data = own(r, 'data');
    if (own(r, 'type') === 'variable') {
      const vid = asString(own(data, 'variableID'));
      const vname = variableNames.get(vid) ?? vid;
      if (vname === 'vf_memory') usesMemory = true;
      messages.push({ literal: '', variables: [vname] });
    } else if (own(data, 'role') === 'system') system.push(fromMarkup(own(data, 'content'), variableNames));
    else messages.push(fromMarkup(own(data, 'content'), variableNames));
  }
  return { system: joinParts(...system), messages: joinParts(...messages), usesMemory };
}

const COMPILED_TOOL_KINDS = [
  'pathTools',
  'functionTools',
  'apiTools',
  'integrationTools',
  'flowTools',
  'mcpIntegrationTools',
];
/**
 * Built-in tools an agent can enable, with the parameters the runtime's schema gives them (the
 * description comes from the export; the parameters are our reading of what each tool needs).
 */
const BUILTIN_TOOLS: [key: string, tool: Omit<ToolDef, 'description'>][] = [
  ['knowledgeBaseTool', { name: 'knowledge_base', parameters: [param('query', 'What to search for', true)] }],
  ['webSearchTool', { name: 'web_search', parameters: [param('query', 'What to search the web for', true)] }],
  ['buttonTool', { name: 'buttons', parameters: [param('buttons', 'Button labels to show', true)] }],
  [
    'cardTool',
    { name: 'card', parameters: [param('title', 'Card title', true), param('description', 'Card text', false)] },
  ],
  ['carouselTool', { name: 'carousel', parameters: [param('cards', 'Cards to show', true)] }],
  ['callForwardTool', { name: 'call_forward', parameters: [] }],
  ['endTool', { name: 'end_conversation', parameters: [] }],
  ['skipTurnTool', { name: 'skip_turn', parameters: [] }],
];

function param(name: string, description: string, required: boolean): ToolDef['parameters'][number] {
  return { name, description, required };
}

/** Tool parameters: an array of `{name, description, required}` or a map name → `{description}`. */
function parametersOf(vars: unknown): ToolDef['parameters'] {
  if (Array.isArray(vars)) {
    return vars.map((v) =>
      param(asString(own(v, 'name')), asString(own(v, 'description')), own(v, 'required') !== false),
    );
  }
  return Object.entries(asObject(vars)).map(([k, v]) =>
    param(asString(own(v, 'name'), k), asString(own(v, 'description')), own(v, 'required') !== false),
  );
}

/** Agents: compiled agents (plain-string instructions and tools), else the CMS record + join tables. */
function agentLookup({ root, variableNames, compiled }: Cms, kbSettings: Resources['kb']): Resources['agent'] {
  const cmsAgents = byId(own(root, 'agents'));
  const agentRow = indexOf(own(root, 'agents'));
  const toolsOf = cmsToolLookup(root);
  return (id) => {
    if (typeof id !== 'string') return undefined;
    const c = compiled('agents', id);
    const cms = cmsAgents.get(id);
    if (!c && !cms) return undefined;
    const rec = c ?? cms;
    const settings = asObject(own(c, 'settings') ?? own(cms, 'settings'));
    const tools = c ? compiledTools(c) : toolsOf(id);
    const kb = own(rec, 'knowledgeBaseTool');
    const knowledgeBase = own(kb, 'enabled') ? kbRead(kbSettings, own(kb, 'chunkLimit')) : false;
    for (const [key, tool] of BUILTIN_TOOLS) {
      const t = own(rec, key);
      if (isObject(t) && t.enabled === true) tools.push({ ...tool, description: asString(own(t, 'description')) });
    }
    const row = agentRow.get(id);
    return {
      id,
      name: asString(own(c, 'name') ?? own(cms, 'name'), id),
      model: own(settings, 'model'),
      maxTokens: own(settings, 'maxTokens'),
      reasoningEffort: own(settings, 'reasoningEffort'),
      instructions: c ? fromTemplate(own(c, 'instructions')) : fromMarkup(own(cms, 'instructions'), variableNames),
      tools,
      knowledgeBase,
      settingsPath: row === undefined ? undefined : ['agents', row, 'settings'],
      instructionsPath: c
        ? ['version', 'programResources', 'agents', id, 'instructions']
        : row === undefined
          ? undefined
          : ['agents', row, 'instructions'],
    };
  };
}

/** Tool definitions of a compiled agent (name, description and parameters per tool). */
function compiledTools(c: JsonObject): ToolDef[] {
  return COMPILED_TOOL_KINDS.flatMap((kind) =>
    asArray(own(c, kind)).map((t) => ({
      name: asString(own(t, 'toolName') ?? own(t, 'name'), kind.replace(/Tools$/, '')),
      description: asString(own(t, 'description')),
      parameters: parametersOf(own(t, 'variables') ?? own(t, 'inputVariables')),
    })),
  );
}

/** Tool definitions of a CMS agent, from the join tables (agentPathTools, agentFunctionTools, …). */
function cmsToolLookup(root: unknown): (agentId: string) => ToolDef[] {
  const toolTables: [string, unknown[]][] = [
    ['path', asArray(own(root, 'agentPathTools'))],
    ['function', asArray(own(root, 'agentFunctionTools'))],
    ['api', asArray(own(root, 'agentAPITools'))],
    ['integration', asArray(own(root, 'agentIntegrationTools'))],
    ['flow', asArray(own(root, 'agentFlowTools'))],
    ['mcp', asArray(own(root, 'agentMcpIntegrationTools'))],
  ];
  const functions = byId(own(root, 'functions'));
  return (agentId) => {
    const tools: ToolDef[] = [];
    for (const [kind, rows] of toolTables) {
      for (const t of rows) {
        if (own(t, 'agentID') !== agentId) continue;
        const fid = own(t, 'functionID');
        const fn = typeof fid === 'string' ? functions.get(fid) : undefined;
        tools.push({
          name: asString(own(t, 'name') ?? own(fn, 'name'), kind),
          description: asString(own(t, 'description')) || asString(own(fn, 'description')),
          parameters: parametersOf(own(t, 'inputVariables')),
        });
      }
    }
    return tools;
  };
}
