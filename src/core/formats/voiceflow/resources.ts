/**
 * Look-ups over the CMS tables and `version.programResources` that steps point into:
 * responses → messages, prompts, agents and their tools, intents, variables.
 * Prefers programResources (compiled plain strings), falls back to CMS markup. Every look-up keyed
 * by file content goes through a Map or an own-property read.
 */
import type { JsonPath, KnowledgeRead, TextParts, TextSource, ToolDef } from '../../flow/types';
import { asArray, asObject, asString, byId, dig, isObject, JsonObject, own } from '../../json/safe';
import { fromMarkup, fromSlate, fromTemplate, joinParts } from './text';
import { ToolTables } from './tools';

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
  /** Where its texts live, each with its text (hovers). */
  sources: TextSource[];
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
  /** The knowledge-base tool rewrites the query with an LLM first (`queryMode: rewriting`). */
  rewritesQuery: boolean;
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
  const promptMessages = new Map<string, { row: JsonObject; path: JsonPath }[]>();
  asArray(own(root, 'promptMessages')).forEach((m, i) => {
    const pid = own(m, 'promptID');
    if (!isObject(m) || typeof pid !== 'string') return;
    const list = promptMessages.get(pid) ?? [];
    list.push({ row: m, path: ['promptMessages', i] });
    promptMessages.set(pid, list);
  });
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
      const system = fromTemplate(own(c, 'system'));
      const messages = joinParts(...msgs);
      return {
        id,
        name,
        model: own(settings, 'model') ?? own(cmsSettings, 'model'),
        maxTokens: own(settings, 'maxTokens') ?? own(cmsSettings, 'maxTokens'),
        reasoningEffort: own(settings, 'reasoningEffort') ?? own(cmsSettings, 'reasoningEffort'),
        system,
        messages,
        usesMemory: msgs.some((m) => m.variables.includes('vf_memory')),
        settingsPath,
        sources: [
          {
            path: ['version', 'programResources', 'prompts', id],
            what: `prompt "${name}"`,
            text: joinParts(system, messages),
          },
        ],
      };
    }
    if (!cms) return undefined;
    const texts = promptTexts(promptMessages.get(id) ?? [], asArray(own(cms, 'messageOrder')), variableNames, name);
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
  rows: { row: JsonObject; path: JsonPath }[],
  order: unknown[],
  variableNames: Map<string, string>,
  name: string,
): { system: TextParts; messages: TextParts; usesMemory: boolean; sources: TextSource[] } {
  const rank = (r: JsonObject) => order.indexOf(own(r, 'id'));
  const sorted = [...rows].sort((a, b) => rank(a.row) - rank(b.row));
  const system: TextParts[] = [];
  const messages: TextParts[] = [];
  const sources: TextSource[] = [];
  let usesMemory = false;
  for (const { row, path } of sorted) {
    const data = own(row, 'data');
    if (own(row, 'type') === 'variable') {
      const vid = asString(own(data, 'variableID'));
      const vname = variableNames.get(vid) ?? vid;
      if (vname === 'vf_memory') usesMemory = true;
      messages.push({ literal: '', variables: [vname] });
      continue;
    }
    const text = fromMarkup(own(data, 'content'), variableNames);
    const isSystem = own(data, 'role') === 'system';
    (isSystem ? system : messages).push(text);
    sources.push({ path, what: `${isSystem ? 'system message' : 'message'} of prompt "${name}"`, text });
  }
  return { system: joinParts(...system), messages: joinParts(...messages), usesMemory, sources };
}

/** Agents: compiled agents (plain-string instructions and tools), else the CMS record + join tables. */
function agentLookup({ root, variableNames, compiled }: Cms, kbSettings: Resources['kb']): Resources['agent'] {
  const cmsAgents = byId(own(root, 'agents'));
  const agentRow = indexOf(own(root, 'agents'));
  const tables = new ToolTables(root);
  return (id) => {
    if (typeof id !== 'string') return undefined;
    const c = compiled('agents', id);
    const cms = cmsAgents.get(id);
    if (!c && !cms) return undefined;
    const rec = c ?? cms;
    const settings = asObject(own(c, 'settings') ?? own(cms, 'settings'));
    const tools = [...(c ? tables.compiledTools(c) : tables.joinedTools(id)), ...tables.builtinTools(rec)];
    const kb = own(rec, 'knowledgeBaseTool');
    const knowledgeBase = own(kb, 'enabled') ? kbRead(kbSettings, own(kb, 'chunkLimit')) : false;
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
      rewritesQuery: knowledgeBase !== false && own(kb, 'queryMode') === 'rewriting',
      settingsPath: row === undefined ? undefined : ['agents', row, 'settings'],
      instructionsPath: c
        ? ['version', 'programResources', 'agents', id, 'instructions']
        : row === undefined
          ? undefined
          : ['agents', row, 'instructions'],
    };
  };
}
