/**
 * Custom LSP requests between the VS Code client (or any LSP client) and the Agent Cost server.
 * Type-only imports from the core: the client never runs engine code.
 */
import type { Breakdown } from './core/report/breakdown';
import type { JsonReport } from './core/report/json';
import type { CostMap } from './core/map/types';

/** Settings an editor sends (initializationOptions and workspace/didChangeConfiguration). */
export interface EditorSettings {
  turnsPerConversation?: number;
  conversationsPerMonth?: number;
  creditPrice?: string;
  plan?: string;
  showFreeLenses?: boolean;
  /** Any other assumption, as in the CLI's --set (key → value). */
  assumptions?: Record<string, unknown>;
  /** Project file to use instead of the nearest .agentcost.yaml above each export. */
  configPath?: string;
}

export const SETTINGS_SECTION = 'agentCost';

export interface UriParams {
  uri: string;
}

/** `agentCost/analysis`: the full report of an open document (same JSON as the CLI). */
export const ANALYSIS_REQUEST = 'agentCost/analysis';
export type AnalysisResult =
  | { ok: true; version: number; report: JsonReport; breakdown: Breakdown; labels: Record<string, string> }
  | { ok: false; version: number; error: string; notAnExport: boolean };

/** `agentCost/report`: the report rendered as Markdown, CSV or JSON text. */
export const REPORT_REQUEST = 'agentCost/report';
export interface ReportParams extends UriParams {
  format: 'markdown' | 'csv' | 'json';
}
export interface ReportResult {
  text: string;
}

/** `agentCost/whatIf`: conversation and month totals if every LLM call used `model`. */
export const WHAT_IF_REQUEST = 'agentCost/whatIf';
export interface WhatIfParams extends UriParams {
  model: string;
  conversationsPerMonth?: number;
}
export interface WhatIfResult {
  model: string;
  before: { conversation: string; month: string; monthUsd: string };
  after: { conversation: string; month: string; monthUsd: string } | null;
  /** Display text of the comparison (rounded). */
  summary: string;
  error?: string;
}

/** `agentCost/models`: model ids of the rate card, for pickers. */
export const MODELS_REQUEST = 'agentCost/models';
export interface ModelInfo {
  id: string;
  vendor: string;
  inputPer1K: string;
  outputPer1K: string;
  checked: string;
}

/** `agentCost/analyzed` notification: a document's analysis changed (refresh tree, panel, status). */
export const ANALYZED_NOTIFICATION = 'agentCost/analyzed';
export interface AnalyzedParams extends UriParams {
  version: number;
  ok: boolean;
}

/** `agentCost/estimate`: the monthly projection for a given number of conversations per month. */
export const ESTIMATE_REQUEST = 'agentCost/estimate';
export interface EstimateParams extends UriParams {
  conversationsPerMonth: number;
}
export interface EstimateResult {
  conversations: number;
  credits: string;
  usd: string;
  /** Display text: credits, USD, plan and alert days. */
  summary: string;
}

/** `agentCost/diff`: the cost difference between the document and its version at a git ref. */
export const DIFF_REQUEST = 'agentCost/diff';
export interface DiffParams extends UriParams {
  base: string;
}
export type DiffResult =
  { ok: true; markdown: string; diff: import('./core/diff').CostDiff } | { ok: false; error: string };

/** `agentCost/costMap`: the cost map of an open export (data, and each page drawn as SVG by the core). */
export const COST_MAP_REQUEST = 'agentCost/costMap';
export type CostMapResult =
  | {
      ok: true;
      version: number;
      map: CostMap;
      /**
       * Each page of `map`, in order: its SVG (shapes only, no embedded style), each node's texts
       * (SVG markup, in the order of the page's nodes) and its block list (HTML table).
       */
      pages: { id: string; svg: string; details: string[]; list: string }[];
      /** The legend (HTML). */
      legend: string;
      /** The map's stylesheet (theme colours, the cost scale). */
      style: string;
    }
  | { ok: false; version: number; error: string };

/** Client command the server's "open the rule's docs" code action runs. */
export const OPEN_RULE_DOCS_COMMAND = 'agentCost.openRuleDocs';
