/**
 * `.vf` text → ParsedExport: diagrams, nodes with source ranges, era, channel, diagnostics.
 * Tolerant by design: every top-level key but `version` and `diagrams` is optional and unknown
 * keys are ignored (Voiceflow adds keys several times a year).
 */
import type { Channel, Diagnostic, Diagram, FlowNode } from '../types';
import { jsonSyntaxDiagnostics } from './jsonErrors';
import { findNodeSpans } from './nodeSpans';
import { LineIndex } from './positions';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export interface ParsedExport {
  text: string;
  lines: LineIndex;
  /** The parsed root object. */
  root: Json;
  projectName: string;
  platform: string;
  /** `version._version` (schema era), null before 2022. */
  schemaVersion: number | null;
  era: 'A' | 'B' | 'C' | "C'" | 'D' | 'E';
  channel: Channel;
  /** Why the channel was chosen (project.type, platform, or the override). */
  channelReason: string;
  diagrams: Map<string, Diagram>;
  /** diagramID / _id → key in `diagrams` (references use either). */
  diagramAlias: Map<string, string>;
  nodes: Map<string, FlowNode>;
  rootDiagramId?: string;
  diagnostics: Diagnostic[];
}

/** The text could not be analysed at all (not JSON, or not a Voiceflow export). */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(message);
  }
}

const VOICE_PLATFORMS = new Set(['general', 'voiceflow', 'alexa', 'google', 'dialogflow_es', 'dialogflow_cx']);

function eraOf(v: number | null): ParsedExport['era'] {
  if (v === null) return 'B';
  if (v < 5) return 'B';
  if (v < 9) return 'C';
  if (v < 12) return "C'";
  if (v < 13.1) return 'D';
  return 'E';
}

/** Parses an export. Throws ExportError (with positioned diagnostics) when it cannot. */
export function parseExport(text: string, channelOverride?: Channel): ParsedExport {
  const lines = new LineIndex(text);
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch {
    const diags = jsonSyntaxDiagnostics(text, lines);
    throw new ExportError(diags[0].message, diags);
  }
  if (
    typeof root !== 'object' ||
    root === null ||
    Array.isArray(root) ||
    typeof root.diagrams !== 'object' ||
    root.diagrams === null ||
    typeof root.version !== 'object'
  ) {
    const missing = ['version', 'diagrams'].filter((k) => !root || typeof root[k] !== 'object' || root[k] === null);
    const message = `Not a Voiceflow export: the top-level object has no ${missing.join(' or ') || 'object'} (expected "version" and "diagrams")`;
    throw new ExportError(message, [
      { rule: 'not-an-export', severity: 'error', message, range: lines.range(0, Math.min(1, text.length)) },
    ]);
  }

  const diagnostics: Diagnostic[] = [];
  const version = root.version;
  const project = typeof root.project === 'object' && root.project !== null ? root.project : {};
  const rawV = version._version;
  const schemaVersion =
    typeof rawV === 'number'
      ? rawV
      : typeof rawV === 'string' && rawV.trim() !== '' && !isNaN(Number(rawV))
        ? Number(rawV)
        : null;
  const platform = String(project.platform ?? version.platformData?.platform ?? 'unknown');
  const era = rawV === undefined && root._version === undefined ? 'A' : eraOf(schemaVersion);

  let channel: Channel;
  let channelReason: string;
  if (channelOverride) {
    channel = channelOverride;
    channelReason = 'set by the channel setting';
  } else if (project.type === 'voice' || project.type === 'chat') {
    channel = project.type;
    channelReason = `project.type is "${project.type}"`;
  } else {
    channel = VOICE_PLATFORMS.has(platform) ? 'voice' : 'chat';
    channelReason = `project.platform is "${platform}" (no project.type)`;
  }

  const diagrams = new Map<string, Diagram>();
  const diagramAlias = new Map<string, string>();
  for (const [key, d] of Object.entries<Json>(root.diagrams)) {
    if (typeof d !== 'object' || d === null) continue;
    diagrams.set(key, { id: key, name: String(d.name ?? key), type: String(d.type ?? 'TOPIC') });
    for (const alias of [d.diagramID, d._id]) if (typeof alias === 'string') diagramAlias.set(alias, key);
  }

  const spans = new Map<string, { start: number; end: number }>();
  for (const s of findNodeSpans(text)) spans.set(`${s.diagramKey}\u0000${s.nodeKey}`, s);

  const nodes = new Map<string, FlowNode>();
  for (const [dKey, d] of Object.entries<Json>(root.diagrams)) {
    if (typeof d !== 'object' || d === null || typeof d.nodes !== 'object' || d.nodes === null) {
      diagnostics.push({
        rule: 'missing-diagram-nodes',
        severity: 'warning',
        message: `Diagram "${d?.name ?? dKey}" has no nodes object; skipped`,
      });
      continue;
    }
    for (const [nKey, n] of Object.entries<Json>(d.nodes)) {
      if (typeof n !== 'object' || n === null) continue;
      const span = spans.get(`${dKey}\u0000${nKey}`);
      const range = span ? lines.range(span.start, span.end) : undefined;
      let id = typeof n.nodeID === 'string' ? n.nodeID : nKey;
      if (nodes.has(id)) {
        diagnostics.push({
          rule: 'duplicate-node-id',
          severity: 'warning',
          message: `Node id "${id}" appears in more than one diagram; the copy in "${d.name ?? dKey}" is analysed as "${dKey}/${id}"`,
          range,
        });
        id = `${dKey}/${id}`;
      }
      const data = typeof n.data === 'object' && n.data !== null ? n.data : {};
      const type = typeof n.type === 'string' ? n.type : '';
      nodes.set(id, { id, type, diagramId: dKey, data, range });
      if (type === 'start' && !diagrams.get(dKey)!.startId) diagrams.get(dKey)!.startId = id;
    }
  }

  // Link steps to their block/actions container.
  for (const node of nodes.values()) {
    if ((node.type === 'block' || node.type === 'actions' || node.type === 'start') && Array.isArray(node.data.steps)) {
      for (const s of node.data.steps) {
        const child = typeof s === 'string' ? nodes.get(s) : undefined;
        if (child && !child.parentId) child.parentId = node.id;
      }
    }
  }

  const rootRef = typeof version.rootDiagramID === 'string' ? version.rootDiagramID : undefined;
  const rootDiagramId = rootRef
    ? (diagramAlias.get(rootRef) ?? (diagrams.has(rootRef) ? rootRef : undefined))
    : undefined;
  if (rootRef && !rootDiagramId) {
    diagnostics.push({
      rule: 'missing-diagram',
      severity: 'warning',
      message: `version.rootDiagramID "${rootRef}" names no diagram in the file`,
    });
  }
  return {
    text,
    lines,
    root,
    projectName: String(project.name ?? version.name ?? 'Untitled'),
    platform,
    schemaVersion,
    era,
    channel,
    channelReason,
    diagrams,
    diagramAlias,
    nodes,
    rootDiagramId,
    diagnostics,
  };
}

/** Resolves a diagram reference (diagramID or _id) to its key in `diagrams`. */
export function resolveDiagram(p: ParsedExport, ref: unknown): string | undefined {
  if (typeof ref !== 'string') return undefined;
  return p.diagramAlias.get(ref) ?? (p.diagrams.has(ref) ? ref : undefined);
}
