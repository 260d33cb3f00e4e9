/**
 * Quick fixes for rule findings: ignore the rule for this step (writes .agentcost.yaml), set or
 * lower maxTokens and switch the model (edit the export with jsonc-parser, formatting kept), try a
 * model as a what-if (writes .agentcost.yaml), open the rule's docs.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { modify } from 'jsonc-parser';
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Diagnostic as LspDiagnostic,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CONFIG_FILE } from '../core/config/projectConfig';
import { RULE_IDS } from '../core/rules/index';
import type { Fix } from '../core/types';
import { OPEN_RULE_DOCS_COMMAND } from '../protocol';
import type { DocumentAnalysis } from './analysisStore';

export interface DiagnosticData {
  rule: string;
  stepId?: string;
  fix?: Fix;
}

/** The project file an edit goes to: the one in use, else a new one beside the export. */
function configFileFor(doc: DocumentAnalysis): string | undefined {
  if (doc.project.configFile) return doc.project.configFile;
  const u = URI.parse(doc.uri);
  return u.scheme === 'file' ? path.join(path.dirname(u.fsPath), CONFIG_FILE) : undefined;
}

/** A workspace edit that applies `mutate` to the project file (creating it if needed). */
function configEdit(file: string, mutate: (d: Document) => void): WorkspaceEdit | undefined {
  const uri = URI.file(file).toString();
  const exists = existsSync(file);
  const text = exists ? readFileSync(file, 'utf8') : '';
  const d = exists ? parseDocument(text) : new Document({});
  if (d.errors.length > 0 || (d.contents !== null && !isMap(d.contents))) return undefined; // fix the file first
  if (d.contents === null) d.contents = d.createNode({}) as never;
  mutate(d);
  const newText = d.toString();
  if (exists) {
    const lines = text.split('\n');
    return {
      changes: {
        [uri]: [
          TextEdit.replace({ start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, newText),
        ],
      },
    };
  }
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, newText)] },
    ],
  };
}

/** Edit of one property of a step's `data` in the export (indentation follows the file). */
function exportEdit(doc: DocumentAnalysis, stepId: string, key: string, value: unknown): WorkspaceEdit | undefined {
  const step = doc.report?.steps.find((s) => s.id === stepId);
  if (!step || stepId.includes('/')) return undefined;
  const indent = /\n( +)"/.exec(doc.text.slice(0, 2000))?.[1]?.length ?? 2;
  const edits = modify(doc.text, ['diagrams', step.diagram.id, 'nodes', stepId, 'data', key], value, {
    formattingOptions: { insertSpaces: true, tabSize: indent, eol: '\n' },
  });
  return {
    changes: {
      [doc.uri]: edits.map((e) =>
        TextEdit.replace(
          { start: doc.lines.position(e.offset), end: doc.lines.position(e.offset + e.length) },
          e.content,
        ),
      ),
    },
  };
}

export function codeActions(doc: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const out: CodeAction[] = [];
  const configFile = configFileFor(doc);
  for (const diag of params.context.diagnostics as LspDiagnostic[]) {
    const data = diag.data as DiagnosticData | undefined;
    if (diag.source !== 'agent-cost' || !data || !RULE_IDS.has(data.rule)) continue;
    const { rule, stepId, fix } = data;
    const step = stepId ? doc.report?.steps.find((s) => s.id === stepId) : undefined;
    const add = (title: string, edit: WorkspaceEdit | undefined, preferred = false) => {
      if (edit) out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit, isPreferred: preferred });
    };
    if (fix?.kind === 'maxTokens' && step && step.type !== 'agent') {
      add(
        `${rule === 'missing-output-cap' ? 'Set' : 'Lower'} maxTokens to ${fix.value}`,
        exportEdit(doc, step.id, 'maxTokens', fix.value),
        true,
      );
    }
    if (fix?.kind === 'model' && step && step.type !== 'agent') {
      add(`Switch this step to ${fix.model} (edit the export)`, exportEdit(doc, step.id, 'model', fix.model), true);
      if (configFile)
        add(
          `Try ${fix.model} for this step (what-if in ${CONFIG_FILE})`,
          configEdit(configFile, (d) => d.setIn(['whatIf', 'models', step.id], fix.model)),
        );
    }
    if (configFile) {
      const target = stepId ?? '*';
      add(
        `Ignore ${rule} for ${stepId ? 'this step' : 'this project'} (${CONFIG_FILE})`,
        configEdit(configFile, (d) => {
          const entry = { rule, stepId: target, reason: 'TODO: why this cost is acceptable' };
          const list = d.get('ignore');
          if (isSeq(list)) list.add(d.createNode(entry));
          else d.set('ignore', d.createNode([entry]));
        }),
      );
    }
    out.push({
      title: `Open the docs of ${rule}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diag],
      command: { title: `Open the docs of ${rule}`, command: OPEN_RULE_DOCS_COMMAND, arguments: [rule] },
    });
  }
  return out;
}
