/**
 * Tokens of the tool (function) definitions an agent sends with every call, counted the way
 * ai-tokenizer's SDK counts them (`countToolsTokensDetailed`): the text of each name, description,
 * property name, property description and enum value, plus per-model overheads (`toolsExist`,
 * `perTool`, `perDesc`, `perFirstProp`, …) that ai-tokenizer measured against each vendor's
 * token-count API. Vendors render tool definitions into the prompt in their own undocumented
 * format, so the count is an estimate (≈) even for OpenAI.
 *
 * The figures come from ai-tokenizer's model table: the model's own entry when it has one, else
 * OpenAI's gpt-4o entry as a stand-in (named by `toolFiguresModel`).
 */
import type { ToolDef } from './flow/types';
import type { Tokenizer } from './pricing/rateCard';
import { aiTokenizerModels, countEncoding, TokenCount } from './tokens';

/** ai-tokenizer's per-model overheads for tool definitions. */
export interface ToolFigures {
  toolsExist: number;
  perTool: number;
  perDesc: number;
  perFirstProp: number;
  perAdditionalProp: number;
  perPropDesc: number;
  perEnum: number;
  perNestedObject?: number;
  perArrayOfObjects?: number;
}

/** The entry used when the model has none of its own. */
export const DEFAULT_TOOL_FIGURES_MODEL = 'openai/gpt-4o';

/** Nesting deeper than this in a tool's input schema is not walked (a schema from a file may be hostile). */
const MAX_SCHEMA_DEPTH = 32;

/**
 * The ai-tokenizer model whose figures count a rate-card model's tool definitions: the tokenizer's
 * own model, else `<vendor>/<id>`, else the stand-in.
 */
export function toolFiguresModel(rateId: string | undefined, vendor: string | undefined, tokenizer: Tokenizer): string {
  const models = aiTokenizerModels();
  const candidates = [
    tokenizer.kind === 'ai-tokenizer' ? tokenizer.model : undefined,
    rateId && vendor ? `${vendor}/${rateId}` : undefined,
  ];
  for (const c of candidates) if (c && Object.hasOwn(models, c) && figuresOf(c)) return c;
  return DEFAULT_TOOL_FIGURES_MODEL;
}

function figuresOf(model: string): ToolFigures | undefined {
  const t = aiTokenizerModels()[model]?.tokens as Partial<ToolFigures> | undefined;
  return t && typeof t.toolsExist === 'number' ? (t as ToolFigures) : undefined;
}

/** Tokens of `tools` for a model whose tokenizer is `tokenizer`, with the figures of `figuresModel`. */
export function countToolTokens(tools: readonly ToolDef[], tokenizer: Tokenizer, figuresModel: string): TokenCount {
  if (tools.length === 0) return { tokens: 0, exact: true };
  const f = figuresOf(figuresModel) ?? figuresOf(DEFAULT_TOOL_FIGURES_MODEL)!;
  const enc = (s: string) => (s ? countEncoding(s, tokenizer.encoding) : 0);
  let total = f.toolsExist;
  tools.forEach((t, i) => {
    total += enc(t.name);
    if (t.description) total += f.perDesc + enc(t.description);
    total += schemaTokens(inputSchema(t), enc, f, 0);
    if (i > 0) total += f.perTool;
  });
  const factor = tokenizer.kind === 'ai-tokenizer' ? (tokenizer.factor ?? 1) : 1;
  return { tokens: Math.max(0, Math.round(total * factor)), exact: false };
}

/** A tool's input schema: its own (MCP tools), else one string property per parameter. */
function inputSchema(t: ToolDef): unknown {
  if (t.schema) return t.schema;
  return {
    type: 'object',
    properties: Object.fromEntries(t.parameters.map((p) => [p.name, { type: 'string', description: p.description }])),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The properties of an object schema, counted as ai-tokenizer's SDK counts a Zod object's shape. */
function schemaTokens(schema: unknown, enc: (s: string) => number, f: ToolFigures, depth: number): number {
  if (!isObject(schema) || !isObject(schema.properties) || depth > MAX_SCHEMA_DEPTH) return 0;
  let tokens = 0;
  let first = true;
  for (const [key, prop] of Object.entries(schema.properties)) {
    tokens += enc(key) + (first ? f.perFirstProp : f.perAdditionalProp);
    first = false;
    if (!isObject(prop)) continue;
    if (typeof prop.description === 'string' && prop.description) tokens += f.perPropDesc + enc(prop.description);
    if (Array.isArray(prop.enum)) {
      tokens += f.perEnum;
      for (const v of prop.enum) tokens += enc(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
    }
    if (prop.type === 'object') tokens += (f.perNestedObject ?? 0) + schemaTokens(prop, enc, f, depth + 1);
    else if (prop.type === 'array' && isObject(prop.items)) {
      if (prop.items.type === 'object') tokens += f.perArrayOfObjects ?? 0;
      tokens += schemaTokens(prop.items, enc, f, depth + 1);
    }
  }
  return tokens;
}
