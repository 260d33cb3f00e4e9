/**
 * The JSON Schema of `.agentcost.yaml` (schema/agentcost.schema.json, contributed to the editor
 * for YAML completion), generated from the settings and budgets tables and the rules.
 * `npm run docs:settings` writes it; a unit test fails when the file drifts.
 */
import { Rates } from '../pricing/rates';
import { RULES } from '../rules/index';
import { fileSchema } from '../settings/docs';
import { assumptionProperties } from '../settings/editor';
import { decimal } from '../settings/kinds';
import { SETTINGS_TABLE, type Row } from '../settings/table';
import { BUDGETS_TABLE } from './budgets';
import { SETTING_SECTIONS } from './settingKeys';

const SEVERITY = { enum: ['error', 'warning', 'information', 'hint', 'off'] };

export function projectFileSchema(rates: Rates = new Rates()): Record<string, unknown> {
  const sections: Record<string, { properties: Record<string, unknown> }> = {};
  const put = (path: string, schema: Record<string, unknown>) => {
    const [section, key] = path.split('.');
    (sections[section] ??= { properties: {} }).properties[key] = schema;
  };
  for (const row of Object.values(SETTINGS_TABLE) as Row<unknown>[])
    if (row.file) put(row.file, fileSchema(row, rates));
  for (const [key, row] of Object.entries(BUDGETS_TABLE) as [string, Row<unknown>][])
    put(`budgets.${key}`, fileSchema(row, rates));
  const rate = decimal({ min: '0' }).schema(rates, 'file');
  put('pricing.models', {
    type: 'object',
    description: 'Negotiated rates: model id → credits per 1K tokens.',
    additionalProperties: {
      type: 'object',
      required: ['inputPer1K', 'outputPer1K'],
      additionalProperties: false,
      properties: { inputPer1K: rate, outputPer1K: rate },
    },
  });
  const properties: Record<string, unknown> = {};
  for (const { name, doc } of SETTING_SECTIONS)
    properties[name] = { type: 'object', additionalProperties: false, description: doc, ...sections[name] };
  properties.assumptions = {
    type: 'object',
    additionalProperties: false,
    description: 'Any engine assumption by name (see the README), e.g. memoryTokensPerTurn: 120.',
    properties: assumptionProperties(rates),
  };
  properties.rules = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(RULES.map((r) => [r.id, { ...SEVERITY, description: r.summary }])),
  };
  properties.ignore = {
    type: 'array',
    items: {
      type: 'object',
      required: ['rule', 'stepId', 'reason'],
      additionalProperties: false,
      properties: {
        rule: { enum: RULES.map((r) => r.id) },
        stepId: {
          type: 'string',
          description: 'Step id, or "*" for every step (a step whose id is * itself: "\\\\*").',
        },
        reason: {
          type: 'string',
          minLength: 1,
          description: 'Why this cost is acceptable (exports cannot hold comments).',
        },
      },
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://agent-cost-lens.dev/schema/agentcost.schema.json',
    title: '.agentcost.yaml — Agent Cost Lens project file',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}
