/**
 * Look-ups over the CMS tables and `version.programResources` that steps point into:
 * responses → messages, prompts, agents and their tools, intents, variables.
 * Prefers programResources (compiled plain strings), falls back to CMS markup.
 */
import type { Json, ParsedExport } from './exportFile';
import { fromMarkup, fromSlate, fromTemplate, joinParts, TextParts } from './text';

export interface PromptResource {
  id: string;
  name: string;
  model?: string;
  maxTokens?: number;
  system: TextParts;
  messages: TextParts;
  /** True when a message inserts `vf_memory` (conversation history). */
  usesMemory: boolean;
}

export interface AgentResource {
  id: string;
  name: string;
  model?: string;
  maxTokens?: number;
  instructions: TextParts;
  /** Tool definitions sent with every call: name + description (+ variables) per tool. */
  tools: { kind: string; name: string; description: string }[];
  knowledgeBase: boolean;
}

export interface Resources {
  variableNames: Map<string, string>;
  /** Static text of a response (message step) and whether it is LLM-generated (`type: prompt`). */
  message(id: string): { text: TextParts; generated: boolean; promptId?: string } | undefined;
  prompt(id: string): PromptResource | undefined;
  agent(id: string): AgentResource | undefined;
  /** Intent names and descriptions, for the LLM intent-classification prompt. */
  intents: { name: string; description: string }[];
}

const arr = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
const byId = (rows: Json[]): Map<string, Json> =>
  new Map(rows.filter((r) => r && typeof r.id === 'string').map((r) => [r.id, r]));

/** Builds the look-ups once per export (lazy per table). */
export function buildResources(p: ParsedExport): Resources {
  const root = p.root;
  const pr = (root.version?.programResources ?? {}) as Json;
  const variableNames = new Map<string, string>();
  for (const v of arr(root.variables)) if (typeof v?.id === 'string') variableNames.set(v.id, String(v.name ?? v.id));
  for (const v of arr(root.entities)) if (typeof v?.id === 'string') variableNames.set(v.id, String(v.name ?? v.id));

  const responses = byId(arr(root.responses));
  const discriminatorsByResponse = new Map<string, Json>();
  for (const d of arr(root.responseDiscriminators))
    if (d?.responseID && !discriminatorsByResponse.has(d.responseID)) discriminatorsByResponse.set(d.responseID, d);
  const responseMessages = byId(arr(root.responseMessages));
  const responseVariants = byId(arr(root.responseVariants));
  const cmsPrompts = byId(arr(root.prompts));
  const promptMessages = new Map<string, Json[]>();
  for (const m of arr(root.promptMessages)) {
    if (!m?.promptID) continue;
    const list = promptMessages.get(m.promptID) ?? [];
    list.push(m);
    promptMessages.set(m.promptID, list);
  }
  const cmsAgents = byId(arr(root.agents));
  const toolTables: [string, Json[]][] = [
    ['path', arr(root.agentPathTools)],
    ['function', arr(root.agentFunctionTools)],
    ['api', arr(root.agentAPITools)],
    ['integration', arr(root.agentIntegrationTools)],
    ['flow', arr(root.agentFlowTools)],
    ['mcp', arr(root.agentMcpIntegrationTools)],
  ];
  const functions = byId(arr(root.functions));

  function message(id: string): ReturnType<Resources['message']> {
    const compiled = pr.messages?.[id];
    const response = responses.get(id);
    const generated = response?.type === 'prompt';
    if (compiled && typeof compiled === 'object') {
      const variants = Object.values<Json>(compiled.variants ?? {}).flat() as Json[];
      const first = variants.find((v) => v?.data?.text !== undefined);
      if (first) return { text: fromSlate(first.data.text), generated };
    }
    const disc = discriminatorsByResponse.get(id);
    if (disc) {
      const firstId = arr(disc.variantOrder)[0];
      const m = responseMessages.get(firstId);
      if (m) return { text: fromMarkup(m.text, variableNames), generated };
      const v = responseVariants.get(firstId);
      if (v)
        return {
          text: fromMarkup(v.text, variableNames),
          generated: generated || v.type === 'prompt',
          promptId: v.promptID,
        };
    }
    return response ? { text: { literal: '', variables: [] }, generated } : undefined;
  }

  function prompt(id: string): PromptResource | undefined {
    const c = pr.prompts?.[id];
    const cms = cmsPrompts.get(id);
    if (c && typeof c === 'object') {
      const msgs = arr(c.messages).map((m) => fromTemplate(m?.content));
      return {
        id,
        name: String(cms?.name ?? id),
        model: c.settings?.model ?? cms?.settings?.model,
        maxTokens: c.settings?.maxTokens ?? cms?.settings?.maxTokens,
        system: fromTemplate(c.system),
        messages: joinParts(...msgs),
        usesMemory: msgs.some((m) => m.variables.includes('vf_memory')),
      };
    }
    if (!cms) return undefined;
    const rows = promptMessages.get(id) ?? [];
    const order: string[] = arr(cms.messageOrder);
    rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const system: TextParts[] = [];
    const messages: TextParts[] = [];
    let usesMemory = false;
    for (const r of rows) {
      if (r.type === 'variable') {
        const name = variableNames.get(r.data?.variableID) ?? String(r.data?.variableID ?? '');
        if (name === 'vf_memory') usesMemory = true;
        messages.push({ literal: '', variables: [name] });
      } else if (r.data?.role === 'system') system.push(fromMarkup(r.data?.content, variableNames));
      else messages.push(fromMarkup(r.data?.content, variableNames));
    }
    return {
      id,
      name: String(cms.name ?? id),
      model: cms.settings?.model,
      maxTokens: cms.settings?.maxTokens,
      system: joinParts(...system),
      messages: joinParts(...messages),
      usesMemory,
    };
  }

  function agent(id: string): AgentResource | undefined {
    const c = pr.agents?.[id];
    const cms = cmsAgents.get(id);
    if (!c && !cms) return undefined;
    const settings = c?.settings ?? cms?.settings ?? {};
    const tools: AgentResource['tools'] = [];
    if (c) {
      for (const kind of [
        'pathTools',
        'functionTools',
        'apiTools',
        'integrationTools',
        'flowTools',
        'mcpIntegrationTools',
      ]) {
        for (const t of arr(c[kind]))
          tools.push({
            kind: kind.replace(/Tools$/, ''),
            name: String(t?.name ?? ''),
            description: String(t?.description ?? '') + variablesText(t?.variables),
          });
      }
    } else {
      for (const [kind, rows] of toolTables) {
        for (const t of rows) {
          if (t?.agentID !== id) continue;
          const fn = t.functionID ? functions.get(t.functionID) : undefined;
          tools.push({
            kind,
            name: String(t.name ?? fn?.name ?? ''),
            description: String(t.description || fn?.description || ''),
          });
        }
      }
    }
    const kb = (c ?? cms)?.knowledgeBaseTool;
    const knowledgeBase = Boolean(kb?.enabled);
    if (knowledgeBase)
      tools.push({ kind: 'knowledgeBase', name: 'knowledge_base', description: String(kb.description ?? '') });
    for (const builtin of ['webSearchTool', 'buttonTool', 'cardTool', 'carouselTool', 'callForwardTool', 'endTool']) {
      const t = (c ?? cms)?.[builtin];
      if (t && typeof t === 'object' && t.enabled !== false)
        tools.push({ kind: builtin, name: builtin, description: String(t.description ?? '') });
    }
    const instructions = c ? fromTemplate(c.instructions) : fromMarkup(cms?.instructions, variableNames);
    return {
      id,
      name: String(c?.name ?? cms?.name ?? id),
      model: settings.model,
      maxTokens: settings.maxTokens,
      instructions,
      tools,
      knowledgeBase,
    };
  }

  const intents =
    arr(root.intents).length > 0
      ? arr(root.intents).map((i) => ({ name: String(i?.name ?? ''), description: String(i?.description ?? '') }))
      : arr(root.version?.platformData?.intents).map((i) => ({ name: String(i?.name ?? ''), description: '' }));

  return { variableNames, message, prompt, agent, intents };
}

function variablesText(vars: unknown): string {
  const list = arr(vars).map((v) => `${v?.name ?? ''}: ${v?.description ?? ''}`);
  return list.length ? `\n${list.join('\n')}` : '';
}
