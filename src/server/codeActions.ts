/**
 * Quick fixes for rule findings: ignore the rule for this step (writes .agentcost.yaml), set or
 * lower maxTokens and switch the model (edit the export with jsonc-parser, formatting kept), try a
 * model as a what-if (writes .agentcost.yaml), open the rule's docs.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { modify } from 'jsonc-parser';
import { Document, isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Diagnostic as LspDiagnostic,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CONFIG_FILE } from '../core/config/projectConfig';
import { RULE_IDS } from '../core/rules/index';
import type { JsonPath } from '../core/flow/types';
import type { Fix } from '../core/types';
import { OPEN_RULE_DOCS_COMMAND, SHOW_DOCUMENT_COMMAND } from '../protocol';
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

/**
 * Edit of one property in the export (indentation follows the file): at the path the finding
 * names (the call's own model / maxTokens setting), else in the step's `data`.
 */
function exportEdit(
  doc: DocumentAnalysis,
  stepId: string,
  key: string,
  value: unknown,
  at?: JsonPath,
): WorkspaceEdit | undefined {
  const step = doc.report?.steps.find((s) => s.id === stepId);
  if (!step || (!at && stepId.includes('/'))) return undefined;
  const indent = /\n( +)"/.exec(doc.text.slice(0, 2000))?.[1]?.length ?? 2;
  const target = at ?? ['diagrams', step.diagram.id, 'nodes', stepId, 'data', key];
  const edits = modify(doc.text, target, value, {
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
  /** Two findings on one step may suggest the same fix: offer it once, for both. */
  const byTitle = new Map<string, CodeAction>();
  const configFile = configFileFor(doc);
  for (const diag of params.context.diagnostics as LspDiagnostic[]) {
    const data = diag.data as DiagnosticData | undefined;
    if (diag.source !== 'agent-cost' || !data || !RULE_IDS.has(data.rule)) continue;
    const { rule, stepId, fix } = data;
    const step = stepId ? doc.report?.steps.find((s) => s.id === stepId) : undefined;
    const add = (title: string, edit: WorkspaceEdit | undefined, preferred = false) => {
      if (!edit) return;
      const same = byTitle.get(title);
      if (same) return void same.diagnostics!.push(diag);
      const action: CodeAction = {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        edit,
        isPreferred: preferred,
      };
      byTitle.set(title, action);
      out.push(action);
    };
    if (fix?.kind === 'maxTokens' && step && step.type !== 'agent') {
      add(
        `${rule === 'missing-output-cap' ? 'Set' : 'Lower'} maxTokens to ${fix.value}`,
        exportEdit(doc, step.id, 'maxTokens', fix.value, fix.path),
        true,
      );
    }
    if (fix?.kind === 'model' && step && step.type !== 'agent') {
      add(
        `Switch this step to ${fix.model} (edit the export)`,
        exportEdit(doc, step.id, 'model', fix.model, fix.path),
        true,
      );
      if (configFile)
        add(
          `Try ${fix.model} for this step (what-if in ${CONFIG_FILE})`,
          configEdit(configFile, (d) => d.setIn(['whatIf', 'models', step.id], fix.model)),
        );
    }
    if (configFile) {
      const target = stepId ?? '*';
      let at: number[] = [];
      const title = `Ignore ${rule} for ${stepId ? 'this step' : 'this project'} (${CONFIG_FILE})`;
      add(
        title,
        configEdit(configFile, (d) => {
          const entry = d.createNode({ rule, stepId: target, reason: 'TODO: why this cost is acceptable' });
          // Say which step the id is: ids mean nothing to a reader of the YAML.
          entry.commentBefore = ` ${step ? oneLine(step.name) : 'every step'}`;
          if (!isSeq(d.get('ignore'))) d.set('ignore', d.createNode([]));
          const list = d.get('ignore') as YAMLSeq;
          list.add(entry);
          at = [list.items.length - 1];
        }),
      );
      const action = byTitle.get(title);
      const edit = action?.edit;
      if (action && edit && !action.command) {
        // After the edit, open the project file with the new entry's reason selected.
        const selection = reasonRange(editedText(edit), ['ignore', ...at]);
        if (selection)
          action.command = {
            title: 'Show the new entry',
            command: SHOW_DOCUMENT_COMMAND,
            arguments: [URI.file(configFile).toString(), selection],
          };
      }
    }
    const docsTitle = `Open the docs of ${rule}`;
    if (!byTitle.has(docsTitle)) {
      const action: CodeAction = {
        title: docsTitle,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        command: { title: docsTitle, command: OPEN_RULE_DOCS_COMMAND, arguments: [rule] },
      };
      byTitle.set(docsTitle, action);
      out.push(action);
    } else byTitle.get(docsTitle)!.diagnostics!.push(diag);
  }
  return out;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 120);

/** The full new text of the project file in a configEdit. */
function editedText(edit: WorkspaceEdit): string {
  const change = edit.changes ? Object.values(edit.changes)[0]?.[0] : undefined;
  if (change) return change.newText;
  const dc = edit.documentChanges?.find((c) => 'edits' in c);
  return dc && 'edits' in dc ? (dc.edits[0] as TextEdit).newText : '';
}

/** Range of `reason` of the ignore entry at `path` in YAML text (0-based lines). */
function reasonRange(text: string, path: (string | number)[]): Range | undefined {
  const d = parseDocument(text);
  const node = d.getIn([...path, 'reason'], true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return undefined;
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(node.range[0]), end: pos(node.range[1]) };
}
