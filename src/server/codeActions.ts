/**
 * Quick fixes for rule findings: ignore the rule for this step (writes .agentcost.yaml), set or
 * lower maxTokens and switch the model (edit the export, formatting kept), try a model as a
 * what-if (writes .agentcost.yaml), open the rule's docs.
 *
 * Export edits go to the step object the analysis read: the object at the step's range, which
 * must be the copy JSON.parse keeps (with duplicate keys, the last one); otherwise no fix is
 * offered. Project-file edits apply to the open editor buffer when there is one (unsaved changes
 * included, guarded by its version), else to the file on disk, and change only what differs.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { findNodeAtOffset, Node as JsonNode, parseTree } from 'jsonc-parser';
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Diagnostic as LspDiagnostic,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { EVERY_STEP, quoteStepId } from '../core/config/ignoreStep';
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

/** An open editor buffer by URI (the server's synced documents). */
export type OpenDocuments = (uri: string) => TextDocument | undefined;

type Step = NonNullable<DocumentAnalysis['report']>['steps'][number];

/** The project file an edit goes to: the one in use, else a new one beside the export. */
function configFileFor(doc: DocumentAnalysis): string | undefined {
  if (doc.project.configFile) return doc.project.configFile;
  const u = URI.parse(doc.uri);
  return u.scheme === 'file' ? path.join(path.dirname(u.fsPath), CONFIG_FILE) : undefined;
}

/** One edit replacing only the part of `before` that differs from `after`. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  const d = TextDocument.create('', '', 0, before);
  return TextEdit.replace(
    { start: d.positionAt(start), end: d.positionAt(before.length - end) },
    after.slice(start, after.length - end),
  );
}

/** A workspace edit that applies `mutate` to the project file (its open buffer, the file, or a new file). */
function configEdit(file: string, open: OpenDocuments, mutate: (d: Document) => void): WorkspaceEdit | undefined {
  const uri = URI.file(file).toString();
  const buffer = open(uri);
  let text = '';
  const exists = buffer !== undefined || existsSync(file);
  try {
    if (buffer) text = buffer.getText();
    else if (exists) text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // unreadable (a folder, no permission): no edit rather than a wrong one
  }
  const d = exists ? parseDocument(text) : new Document({});
  if (d.errors.length > 0 || (d.contents !== null && !isMap(d.contents))) return undefined; // fix the file first
  if (d.contents === null) d.contents = d.createNode({}) as never;
  mutate(d);
  const newText = d.toString();
  if (buffer)
    return {
      documentChanges: [
        { textDocument: { uri: buffer.uri, version: buffer.version }, edits: [minimalEdit(text, newText)] },
      ],
    };
  if (exists) return { changes: { [uri]: [minimalEdit(text, newText)] } };
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, newText)] },
    ],
  };
}

/** The last property named `key` of an object node (the one JSON.parse keeps). */
function lastProperty(obj: JsonNode, key: string): JsonNode | undefined {
  const props = (obj.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]?.value === key);
  return props[props.length - 1];
}

/** True when no property on the way from the root to `node` is shadowed by a later duplicate key. */
function isKept(node: JsonNode): boolean {
  for (let n: JsonNode | undefined = node; n?.parent; n = n.parent) {
    const p = n.parent;
    if (p.type === 'property' && p.parent?.type === 'object') {
      const key = p.children?.[0]?.value as string;
      if (lastProperty(p.parent, key) !== p) return false;
    }
  }
  return true;
}

/** The JSON object of a step in the export text: at the step's range, kept by JSON.parse, with the step's id. */
function stepObject(doc: DocumentAnalysis, step: Step): JsonNode | undefined {
  if (!step.range) return undefined;
  const tree = parseTree(doc.text, [], { allowTrailingComma: false, disallowComments: true });
  if (!tree) return undefined;
  const offset = doc.lines.offset(step.range.start);
  let obj = findNodeAtOffset(tree, offset);
  while (obj && obj.offset === offset && obj.type !== 'object') obj = obj.parent;
  if (!obj || obj.type !== 'object' || obj.offset !== offset || !isKept(obj)) return undefined;
  const nodeId = lastProperty(obj, 'nodeID')?.children?.[1]?.value;
  const key = obj.parent?.type === 'property' ? obj.parent.children?.[0]?.value : undefined;
  const id = typeof nodeId === 'string' ? nodeId : key;
  // Steps renamed "diagram/id" (an id used in two diagrams) end with the id from the file.
  return id === step.id || (typeof id === 'string' && step.id.endsWith(`/${id}`)) ? obj : undefined;
}

/** The indentation of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/**
 * Sets one property of a step's `data` in the export: replaces its (kept) value, or adds it
 * after the last property in the file's own layout. Undefined when the step's object is not
 * found for certain.
 */
function exportEdit(doc: DocumentAnalysis, step: Step, key: string, value: unknown): WorkspaceEdit | undefined {
  const obj = stepObject(doc, step);
  const data = obj && lastProperty(obj, 'data')?.children?.[1];
  if (!data || data.type !== 'object') return undefined;
  const json = JSON.stringify(value);
  const pos = (o: number) => doc.lines.position(o);
  const existing = lastProperty(data, key)?.children?.[1];
  let edit: TextEdit;
  if (existing) {
    edit = TextEdit.replace({ start: pos(existing.offset), end: pos(existing.offset + existing.length) }, json);
  } else {
    const last = data.children?.[data.children.length - 1];
    if (last) {
      const end = last.offset + last.length;
      const ownLine = doc.text.lastIndexOf('\n', last.offset) > data.offset;
      const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
      const sep = ownLine ? `,${eol}${indentAt(doc.text, last.offset)}` : ', ';
      edit = TextEdit.insert(pos(end), `${sep}${JSON.stringify(key)}: ${json}`);
    } else {
      edit = TextEdit.replace(
        { start: pos(data.offset), end: pos(data.offset + data.length) },
        `{ ${JSON.stringify(key)}: ${json} }`,
      );
    }
  }
  return { changes: { [doc.uri]: [edit] } };
}

export function codeActions(doc: DocumentAnalysis, params: CodeActionParams, open: OpenDocuments): CodeAction[] {
  const out: CodeAction[] = [];
  const configFile = configFileFor(doc);
  for (const diag of params.context.diagnostics as LspDiagnostic[]) {
    const data = diag.data as DiagnosticData | undefined;
    if (diag.source !== 'agent-cost' || !data || typeof data.rule !== 'string' || !RULE_IDS.has(data.rule)) continue;
    const { rule, fix } = data;
    const stepId = typeof data.stepId === 'string' ? data.stepId : undefined;
    const step = stepId ? doc.report?.steps.find((s) => s.id === stepId) : undefined;
    const add = (title: string, edit: WorkspaceEdit | undefined, preferred = false) => {
      if (edit) out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit, isPreferred: preferred });
    };
    if (fix?.kind === 'maxTokens' && step && step.type !== 'agent') {
      add(
        `${rule === 'missing-output-cap' ? 'Set' : 'Lower'} maxTokens to ${fix.value}`,
        exportEdit(doc, step, 'maxTokens', fix.value),
        true,
      );
    }
    if (fix?.kind === 'model' && step && step.type !== 'agent') {
      add(`Switch this step to ${fix.model} (edit the export)`, exportEdit(doc, step, 'model', fix.model), true);
      if (configFile)
        add(
          `Try ${fix.model} for this step (what-if in ${CONFIG_FILE})`,
          configEdit(configFile, open, (d) => d.setIn(['whatIf', 'models', step.id], fix.model)),
        );
    }
    if (configFile) {
      add(
        `Ignore ${rule} for ${stepId ? 'this step' : 'this project'} (${CONFIG_FILE})`,
        configEdit(configFile, open, (d) => {
          const target = stepId === undefined ? EVERY_STEP : quoteStepId(stepId);
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
