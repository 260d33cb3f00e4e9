/**
 * The tool definitions an agent or playbook sends with every call, as the runtime sends them: one
 * JSON schema per tool (name, description, parameters). Tools are attached through join tables
 * (agentAPITools, agentFunctionTools, agentIntegrationTools, agentMcpIntegrationTools,
 * agentFlowTools, agentPathTools) or listed on the compiled agent in `programResources.agents`;
 * names and input schemas come from the tool tables (apiTools, functions, integrationTools,
 * mcpServerTools, flows). Built-in tools count when enabled.
 */
import type { ToolDef } from '../../flow/types';
import { asArray, asObject, asString, byId, dig, isObject, JsonObject, own } from '../../json/safe';

type Param = ToolDef['parameters'][number];

function param(name: string, description: string, required: boolean): Param {
  return { name, description, required };
}

/**
 * Built-in tools an agent can enable, with the parameters the runtime's schema gives them (the
 * description comes from the export; the parameters are our reading of what each tool needs).
 */
const BUILTIN_TOOLS: [key: string, tool: Omit<ToolDef, 'description'>][] = [
  [
    'knowledgeBaseTool',
    { name: 'knowledge_base', parameters: [param('query', 'What to search for', true)], round: true },
  ],
  [
    'webSearchTool',
    { name: 'web_search', parameters: [param('query', 'What to search the web for', true)], round: true },
  ],
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

/** Tool parameters: an array of `{name, description, required}` or a map name → `{description}`. */
export function parametersOf(vars: unknown, names?: ReadonlyMap<string, string>): Param[] {
  if (Array.isArray(vars)) {
    return vars.map((v) =>
      param(asString(own(v, 'name')), asString(own(v, 'description')), own(v, 'required') !== false),
    );
  }
  return Object.entries(asObject(vars)).map(([k, v]) =>
    param(asString(own(v, 'name'), names?.get(k) ?? k), asString(own(v, 'description')), own(v, 'required') !== false),
  );
}

/** Parameters of a JSON input schema (MCP tools). */
function schemaParameters(schema: unknown): Param[] {
  const required = new Set(asArray(own(schema, 'required')).map((r) => asString(r)));
  return Object.entries(asObject(own(schema, 'properties'))).map(([k, v]) =>
    param(k, asString(own(v, 'description')), required.has(k)),
  );
}

/** Looks up tool names and schemas in the export's tool tables (compiled copies first). */
export class ToolTables {
  private readonly pr: JsonObject;
  private readonly apiTools: Map<string, JsonObject>;
  private readonly functions: Map<string, JsonObject>;
  private readonly integrations: Map<string, JsonObject>;
  private readonly mcpIntegrations: Map<string, JsonObject>;
  private readonly mcpServerTools: Map<string, JsonObject>;
  private readonly flows: Map<string, JsonObject>;
  private readonly inputNames = new Map<string, string>();
  private readonly joins: [kind: string, rows: unknown[]][];

  constructor(root: unknown) {
    this.pr = asObject(dig(root, 'version', 'programResources'));
    this.apiTools = byId(own(root, 'apiTools'));
    this.functions = byId(own(root, 'functions'));
    this.integrations = byId(own(root, 'integrationTools'));
    this.mcpIntegrations = byId(own(root, 'mcpIntegrationTools'));
    this.mcpServerTools = byId(own(root, 'mcpServerTools'));
    this.flows = byId(own(root, 'flows'));
    for (const table of ['apiToolInputVariables', 'functionVariables']) {
      for (const v of asArray(own(root, table))) {
        const id = own(v, 'id');
        if (typeof id === 'string') this.inputNames.set(id, asString(own(v, 'name'), id));
      }
    }
    this.joins = [
      ['path', asArray(own(root, 'agentPathTools'))],
      ['function', asArray(own(root, 'agentFunctionTools'))],
      ['api', asArray(own(root, 'agentAPITools'))],
      ['integration', asArray(own(root, 'agentIntegrationTools'))],
      ['mcp', asArray(own(root, 'agentMcpIntegrationTools'))],
      ['flow', asArray(own(root, 'agentFlowTools'))],
    ];
  }

  private compiled(table: string, id: unknown): JsonObject | undefined {
    const v = typeof id === 'string' ? own(own(this.pr, table), id) : undefined;
    return isObject(v) ? v : undefined;
  }

  /** One attached tool (a compiled entry or a join-table row) → its definition. */
  private tool(kind: string, t: unknown): ToolDef {
    const def = this.definition(kind, t);
    // Path tools leave the agent and flow tools hand off to a workflow; the rest return results.
    const generative = Object.values(asObject(dig(t, 'messages', 'generative'))).some(
      (m) => own(m, 'enabled') === true,
    );
    return { ...def, round: kind !== 'path' && kind !== 'flow', ...(generative ? { generatesMessages: true } : {}) };
  }

  private definition(kind: string, t: unknown): ToolDef {
    const description = asString(own(t, 'description'));
    const vars = own(t, 'variables') ?? own(t, 'inputVariables');
    switch (kind) {
      case 'api':
        return this.apiTool(t, description, vars);
      case 'function': {
        const id = own(t, 'functionID');
        const fn = typeof id === 'string' ? this.functions.get(id) : undefined;
        return {
          name: asString(own(t, 'name') ?? own(fn, 'name'), 'function'),
          description: description || asString(own(fn, 'description')),
          parameters: parametersOf(vars, this.inputNames),
        };
      }
      case 'integration': {
        const id = own(t, 'integrationToolID');
        const c =
          this.compiled('integrationTools', id) ?? (typeof id === 'string' ? this.integrations.get(id) : undefined);
        return {
          name: asString(own(c, 'toolName') ?? own(c, 'name'), 'integration'),
          description: description || asString(own(c, 'description')),
          parameters: parametersOf(vars, this.inputNames),
        };
      }
      case 'mcp':
        return this.mcpTool(t, description);
      case 'flow': {
        const id = own(t, 'flowID');
        const c = this.compiled('flows', id);
        const row = typeof id === 'string' ? this.flows.get(id) : undefined;
        return {
          name: asString(own(c, 'toolName') ?? own(c, 'name') ?? own(row, 'name'), 'workflow'),
          description: description || asString(own(c, 'description') ?? own(row, 'description')),
          parameters: parametersOf(vars, this.inputNames),
        };
      }
      default:
        return { name: asString(own(t, 'name'), kind), description, parameters: parametersOf(vars, this.inputNames) };
    }
  }

  /** An API tool: compiled (`programResources.apiTools`) or from the CMS table. */
  private apiTool(t: unknown, description: string, vars: unknown): ToolDef {
    const id = own(t, 'apiToolID');
    const c = this.compiled('apiTools', id);
    const cms = typeof id === 'string' ? this.apiTools.get(id) : undefined;
    const params = parametersOf(vars, this.inputNames);
    return {
      name: asString(own(c, 'toolName') ?? own(c, 'name') ?? own(cms, 'name'), 'api_tool'),
      description: description || asString(own(c, 'description') ?? own(cms, 'description')),
      parameters: params.length ? params : parametersOf(own(c, 'inputVariables')),
    };
  }

  /** An MCP tool: its own JSON input schema goes to the model as it is. */
  private mcpTool(t: unknown, description: string): ToolDef {
    const id = own(t, 'mcpIntegrationToolID');
    const c = this.compiled('mcpIntegrationTools', id);
    const row = typeof id === 'string' ? this.mcpIntegrations.get(id) : undefined;
    const serverToolId = own(row, 'mcpServerToolID');
    const server = typeof serverToolId === 'string' ? this.mcpServerTools.get(serverToolId) : undefined;
    const schema = own(c, 'inputSchema') ?? own(server, 'inputSchema');
    return {
      name: asString(own(c, 'toolName') ?? own(server, 'toolName') ?? own(row, 'name'), 'mcp_tool'),
      description: description || asString(own(c, 'description') ?? own(row, 'description')),
      parameters: schemaParameters(schema),
      schema: isObject(schema) ? schema : undefined,
    };
  }

  /** Tools listed on a compiled agent (`programResources.agents[id]`). */
  compiledTools(agent: JsonObject): ToolDef[] {
    const lists: [string, string][] = [
      ['pathTools', 'path'],
      ['functionTools', 'function'],
      ['apiTools', 'api'],
      ['integrationTools', 'integration'],
      ['mcpIntegrationTools', 'mcp'],
      ['flowTools', 'flow'],
    ];
    return lists.flatMap(([key, kind]) => asArray(own(agent, key)).map((t) => this.tool(kind, t)));
  }

  /** Tools attached to an agent through the join tables (CMS records without a compiled copy). */
  joinedTools(agentId: string): ToolDef[] {
    return this.joins.flatMap(([kind, rows]) =>
      rows.filter((t) => own(t, 'agentID') === agentId).map((t) => this.tool(kind, t)),
    );
  }

  /** The built-in tools an agent record enables. */
  builtinTools(agent: unknown): ToolDef[] {
    const out: ToolDef[] = [];
    for (const [key, tool] of BUILTIN_TOOLS) {
      const t = own(agent, key);
      if (isObject(t) && t.enabled === true) out.push({ ...tool, description: asString(own(t, 'description')) });
    }
    return out;
  }
}
