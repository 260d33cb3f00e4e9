/**
 * The VS Code settings (`agentCost.*`): the table's rows that have an `editor` key, plus the
 * few settings that belong to the editor only. `editorConfiguration` is package.json's
 * `contributes.configuration` (written by `npm run docs:settings`; a unit test fails on drift);
 * `EDITOR_KEYS` is how the server maps what the client sends back onto settings.
 */
import { Rates } from '../pricing/rates';
import { fileSchema, sentenceOf } from './docs';
import { Row, SETTINGS_TABLE, SettingKey } from './table';
import { fmtInt } from '../report/display';

export const EDITOR_SECTION = 'agentCost';

/** Editor-only settings (no engine assumption behind them), by key under `agentCost.`. */
export const EDITOR_ONLY: Readonly<
  Record<
    string,
    {
      type: string;
      default: unknown;
      description: string;
      enum?: string[];
      enumDescriptions?: string[];
      minimum?: number;
      maximum?: number;
    }
  >
> = {
  'lens.showFree': {
    type: 'boolean',
    default: false,
    description: 'Show a "free · why" lens above free steps too (most steps are free).',
  },
  'editor.annotations': {
    type: 'string',
    default: 'both',
    enum: ['lenses', 'hints', 'both'],
    enumDescriptions: [
      'Code lenses above steps and turns',
      'Inlay hints at the end of model, maxTokens and prompt lines (shown in files of any size)',
      'Both lenses and hints',
    ],
    description: 'Where the figures appear in an export: code lenses, inlay hints, or both.',
  },
  assumptions: {
    type: 'object',
    default: {},
    description: 'Any other assumption by name (as `agent-cost --set`), e.g. {"memoryTokensPerTurn": 120}.',
  },
  'project.configPath': {
    type: 'string',
    default: '',
    description: 'Project file to use instead of the nearest .agentcost.yaml above each export.',
  },
  // Like vscode-eslint's timeBudget: an editor's concern, not an assumption of the engine.
  'performance.timeBudget': {
    type: 'integer',
    default: 1500,
    minimum: 0,
    maximum: 600000,
    description:
      'Milliseconds an analysis may take: once one takes longer, the status bar says so with its time (0: never).',
  },
};

/** VS Code key (under `agentCost.`) → setting key, for the rows the editor exposes. */
export const EDITOR_KEYS: ReadonlyMap<string, SettingKey> = new Map(
  (Object.entries(SETTINGS_TABLE) as [SettingKey, Row<unknown>][]).flatMap(([key, row]) =>
    row.editor ? [[row.editor, key] as [string, SettingKey]] : [],
  ),
);

/** The JSON Schema of one editor-exposed row, as VS Code's settings editor reads it. */
function editorProperty(row: Row<unknown>, rates: Rates): Record<string, unknown> {
  const schema = row.kind.schema(rates, 'editor');
  let description = sentenceOf(row);
  if (row.kind.type === 'decimal') description += ` Allowed: ${row.kind.allowed}.`;
  if (row.default !== undefined) return { ...schema, default: row.default, description };
  // No default: "unset" must be a value the settings editor can show and save.
  if (Array.isArray(schema.enum)) {
    const plans = rates.card.plans;
    return {
      type: 'string',
      default: '',
      enum: ['', ...schema.enum],
      enumDescriptions: [
        'None: the plan that fits the projection',
        ...schema.enum.map((id: string) => {
          const p = plans.find((x) => x.id === id);
          if (!p) return id;
          return `${p.name} (${p.credits === null ? 'custom' : fmtInt(p.credits)} credits a month)`;
        }),
      ],
      description,
    };
  }
  return { ...schema, type: [schema.type, 'null'], default: null, description };
}

/** package.json `contributes.configuration`, in table order (the settings editor sorts by `order`). */
export function editorConfiguration(rates: Rates = new Rates()): {
  title: string;
  properties: Record<string, unknown>;
} {
  const properties: Record<string, unknown> = {};
  let order = 0;
  for (const [editorKey, key] of EDITOR_KEYS) {
    const row = SETTINGS_TABLE[key] as Row<unknown>;
    properties[`${EDITOR_SECTION}.${editorKey}`] = { ...editorProperty(row, rates), order: order++ };
  }
  for (const [key, p] of Object.entries(EDITOR_ONLY)) {
    const extra = key === 'assumptions' ? { properties: assumptionProperties(rates), additionalProperties: false } : {};
    properties[`${EDITOR_SECTION}.${key}`] = { ...p, ...extra, order: order++ };
  }
  return { title: 'Agent Cost', properties };
}

/** Every setting by name with its schema: completion and checks in settings.json. */
export function assumptionProperties(rates: Rates): Record<string, unknown> {
  return Object.fromEntries(
    (Object.entries(SETTINGS_TABLE) as [SettingKey, Row<unknown>][]).map(([key, row]) => [key, fileSchema(row, rates)]),
  );
}
