/**
 * Custom LSP requests between the VS Code client (or any LSP client) and the Agent Cost server.
 * Type-only imports from the core: the client never runs engine code.
 */
import type { Breakdown } from './core/report/breakdown';
import type { JsonReport } from './core/report/json';
import type { CostMap } from './core/map/types';

/**
 * Settings an editor sends (initializationOptions.settings, workspace/didChangeConfiguration's
 * settings.agentCost): the `agentCost.*` values the user set, by key without the prefix, flat
 * (`{"traffic.turnsPerConversation": 7}`, as the VS Code client sends them) or nested
 * (`{traffic: {turnsPerConversation: 7}}`). The keys are package.json's contributed settings.
 */
export type EditorSettings = Readonly<Record<string, unknown>>;

export const SETTINGS_SECTION = 'agentCost';

export interface UriParams {
  uri: string;
}

/** `agentCost/analysis`: the full report of an open document (same JSON as the CLI). */
export const ANALYSIS_REQUEST = 'agentCost/analysis';
export type AnalysisResult =
  | {
      ok: true;
      version: number;
      report: JsonReport;
      breakdown: Breakdown;
      labels: Record<string, string>;
      /** Each turn's name (its intent, block or agent), in the report's order. */
      turnNames: { id: string; name: string }[];
      /**
       * Set when the text no longer parses: the figures are the last good analysis', and this says
       * why they are out of date ("JSON error at line 4397").
       */
      stale?: string;
      /** Milliseconds the server took to analyse this version (the status bar's time budget). */
      millis?: number;
    }
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
  | {
      ok: true;
      markdown: string;
      diff: import('./core/diff').CostDiff;
      /** The diff's figures rounded for display, and turn names by turn id. */
      labels: import('./core/diff').DiffLabels;
      turnNames: Record<string, string>;
    }
  | { ok: false; error: string; untracked?: boolean };

/** `agentCost/modelCosts`: what the agent would cost on each model of the rate card, cheapest first. */
export const MODEL_COSTS_REQUEST = 'agentCost/modelCosts';
export interface ModelCost {
  id: string;
  vendor: string;
  checked: string;
  /** Exact credits per conversation (null when unknown). */
  conversation: string | null;
  labels: { conversation: string; month: string; monthUsd: string };
  /** The model the agent uses now (most of its LLM calls). */
  current: boolean;
}

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

/**
 * Commands the server runs through `workspace/executeCommand`, so that any LSP client can run
 * what lenses and quick fixes offer. The VS Code client maps SHOW_REPORT onto its own report
 * panel; other clients get the report as Markdown and a summary message.
 */
/** Args: [uri]. Shows the totals (window/showMessage) and returns the report as Markdown. */
export const SERVER_SHOW_REPORT_COMMAND = 'agentCost.server.showReport';
/** Args: [uri]. Formats a minified export with a 2-space indent (workspace/applyEdit). */
export const SERVER_FORMAT_COMMAND = 'agentCost.server.formatExport';
/** Args: [uri, range]. Opens a document with `range` selected (window/showDocument). */
export const SHOW_DOCUMENT_COMMAND = 'agentCost.server.showDocument';
export const SERVER_COMMANDS = [SERVER_SHOW_REPORT_COMMAND, SERVER_FORMAT_COMMAND, SHOW_DOCUMENT_COMMAND];

/**
 * Client → server: this version of a document is the file's text on disk, not an edit typed in
 * the editor (VS Code reloaded it after the file changed on disk, e.g. while no tab showed it, or
 * reverted it). If it does not parse, no last good figures are shown: there is no earlier version
 * of that text in the editor, as for a file just opened.
 */
export const FROM_DISK_NOTIFICATION = 'agentCost/fromDisk';
export interface FromDiskParams {
  uri: string;
  version: number;
}

/** `agentCost/trust` notification: the user trusted (or no longer trusts) the workspace. */
export const TRUST_NOTIFICATION = 'agentCost/trust';
export interface TrustParams {
  trusted: boolean;
}
