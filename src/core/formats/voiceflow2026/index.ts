/**
 * Voiceflow exports of 2025–2026 (`version._version` ≥ 13): the canvas as before, plus the
 * agentic framework (agent, playbooks, workflows as skills), evaluations, cost control and the
 * 2026 settings. Reads through the Voiceflow canvas reader and extends its flow.
 */
import type { Flow } from '../../flow/types';
import type { JsonDocument } from '../../json/document';
import { dig } from '../../json/safe';
import type { ExportFormat, ReadOptions } from '../format';
import { isVoiceflowExport, readCanvas } from '../voiceflow/read';
import { addAgenticLayer } from './agentic';
import { add2026Extras } from './extras';

/** Schema version from which exports carry agents, playbooks and the 2026 settings. */
export const FIRST_2026_SCHEMA = 13;

function detect(root: unknown): boolean {
  if (!isVoiceflowExport(root)) return false;
  const v = Number(dig(root, 'version', '_version'));
  return Number.isFinite(v) && v >= FIRST_2026_SCHEMA;
}

function read(doc: JsonDocument, options: ReadOptions): Flow {
  const canvas = readCanvas(doc, options);
  const { flow, root } = canvas;
  flow.format = { ...flow.format, id: 'voiceflow-2026' };
  add2026Extras(flow, root);
  if (flow.project.framework === 'agentic') addAgenticLayer(canvas, options);
  return flow;
}

export const voiceflow2026: ExportFormat = { id: 'voiceflow-2026', label: 'Voiceflow (2025–2026)', detect, read };
