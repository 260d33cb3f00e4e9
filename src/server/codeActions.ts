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
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { EVERY_STEP, quoteStepId } from '../core/config/ignoreStep';
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
function configEdit(
  file: string,
  open: OpenDocuments,
  mutate: (d: Document) => void,
): { edit: WorkspaceEdit; newText: string } | undefined {
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
  const edit: WorkspaceEdit = buffer
    ? {
        documentChanges: [
          { textDocument: { uri: buffer.uri, version: buffer.version }, edits: [minimalEdit(text, newText)] },
        ],
      }
    : exists
      ? { changes: { [uri]: [minimalEdit(text, newText)] } }
      : {
          documentChanges: [
            { kind: 'create', uri, options: { ignoreIfExists: true } },
            { textDocument: { uri, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, newText)] },
          ],
        };
  return { edit, newText };
}

/** The last property named `key` of an object node (the one JSON.parse keeps). */
function lastProperty(obj: JsonNode, key: string): JsonNode | undefined {
  const props = (obj.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]?.value === key);
  return props[props.length - 1];
}

/** The node at `path`, following the copy JSON.parse keeps at each step (the last duplicate key). */
function keptNodeAt(root: JsonNode, path: JsonPath): JsonNode | undefined {
  let n: JsonNode | undefined = root;
  for (const seg of path) {
    if (!n) return undefined;
    if (n.type === 'object' && typeof seg === 'string') n = lastProperty(n, seg)?.children?.[1];
    else if (n.type === 'array' && typeof seg === 'number') n = n.children?.[seg];
    else return undefined;
  }
  return n;
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

/** Sets property `key` of a kept object node to `value`: replaces its value, or adds it in the file's own layout. */
function setProperty(doc: DocumentAnalysis, obj: JsonNode, key: string, value: unknown): WorkspaceEdit {
  const json = JSON.stringify(value);
  const pos = (o: number) => doc.lines.position(o);
  const existing = lastProperty(obj, key)?.children?.[1];
  let edit: TextEdit;
  if (existing) {
    edit = TextEdit.replace({ start: pos(existing.offset), end: pos(existing.offset + existing.length) }, json);
  } else {
    const last = obj.children?.[obj.children.length - 1];
    if (last) {
      const end = last.offset + last.length;
      const ownLine = doc.text.lastIndexOf('\n', last.offset) > obj.offset;
      const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
      const sep = ownLine ? `,${eol}${indentAt(doc.text, last.offset)}` : ', ';
      edit = TextEdit.insert(pos(end), `${sep}${JSON.stringify(key)}: ${json}`);
    } else {
      edit = TextEdit.replace(
        { start: pos(obj.offset), end: pos(obj.offset + obj.length) },
        `{ ${JSON.stringify(key)}: ${json} }`,
      );
    }
  }
  return { changes: { [doc.uri]: [edit] } };
}

/**
 * Sets one property of a step in the export: at the path the finding names (the call's own
 * model / maxTokens setting), else in the step's `data`. Undefined when the object the analysis
 * read is not found for certain.
 */
function exportEdit(
  doc: DocumentAnalysis,
  step: Step,
  key: string,
  value: unknown,
  at?: JsonPath,
): WorkspaceEdit | undefined {
  if (at && at.length > 0) {
    const tree = parseTree(doc.text, [], { allowTrailingComma: false, disallowComments: true });
    const parent = tree && keptNodeAt(tree, at.slice(0, -1));
    if (!parent || parent.type !== 'object') return undefined;
    return setProperty(doc, parent, String(at[at.length - 1]), value);
  }
  const obj = stepObject(doc, step);
  const data = obj && lastProperty(obj, 'data')?.children?.[1];
  if (!data || data.type !== 'object') return undefined;
  return setProperty(doc, data, key, value);
}

/** Code actions offered once each: two findings on one step may suggest the same fix (it serves both). */
class ActionList {
  readonly out: CodeAction[] = [];
  private readonly byTitle = new Map<string, CodeAction>();

  /** Adds the action `make` builds, unless one with its title exists (then `diag` joins it). */
  add(
    title: string,
    diag: LspDiagnostic,
    make: () => Omit<CodeAction, 'title' | 'diagnostics'>,
  ): CodeAction | undefined {
    const same = this.byTitle.get(title);
    if (same) return void same.diagnostics!.push(diag);
    const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diag], ...make() };
    this.byTitle.set(title, action);
    this.out.push(action);
    return action;
  }
}

export function codeActions(doc: DocumentAnalysis, params: CodeActionParams, open: OpenDocuments): CodeAction[] {
  const list = new ActionList();
  const configFile = configFileFor(doc);
  for (const diag of params.context.diagnostics as LspDiagnostic[]) {
    const data = diag.data as DiagnosticData | undefined;
    if (diag.source !== 'agent-cost' || !data || typeof data.rule !== 'string' || !RULE_IDS.has(data.rule)) continue;
    const { rule, fix } = data;
    const stepId = typeof data.stepId === 'string' ? data.stepId : undefined;
    const step = stepId ? doc.report?.steps.find((s) => s.id === stepId) : undefined;
    const add = (title: string, edit: WorkspaceEdit | undefined, preferred = false) =>
      edit ? list.add(title, diag, () => ({ edit, isPreferred: preferred })) : undefined;
    if (fix?.kind === 'maxTokens' && step && step.type !== 'agent') {
      add(
        `${rule === 'missing-output-cap' ? 'Set' : 'Lower'} maxTokens to ${fix.value}`,
        exportEdit(doc, step, 'maxTokens', fix.value, fix.path),
        true,
      );
    }
    if (fix?.kind === 'model' && step && step.type !== 'agent') {
      add(
        `Switch this step to ${fix.model} (edit the export)`,
        exportEdit(doc, step, 'model', fix.model, fix.path),
        true,
      );
      if (configFile)
        add(
          `Try ${fix.model} for this step (what-if in ${CONFIG_FILE})`,
          configEdit(configFile, open, (d) => d.setIn(['whatIf', 'models', step.id], fix.model))?.edit,
        );
    }
    if (configFile) addIgnore(configFile, open, rule, stepId, step, add);
    const docs = `Open the docs of ${rule}`;
    list.add(docs, diag, () => ({ command: { title: docs, command: OPEN_RULE_DOCS_COMMAND, arguments: [rule] } }));
  }
  return list.out;
}

/**
 * "Ignore this rule for this step": appends an entry to `ignore:` in the project file, with the
 * step's name as a comment (ids mean nothing to a reader of the YAML); after the edit the client
 * opens the file with the new entry's reason selected.
 */
function addIgnore(
  configFile: string,
  open: OpenDocuments,
  rule: string,
  stepId: string | undefined,
  step: Step | undefined,
  add: (title: string, edit: WorkspaceEdit | undefined) => CodeAction | undefined,
): void {
  let at: number[] = [];
  const change = configEdit(configFile, open, (d) => {
    const target = stepId === undefined ? EVERY_STEP : quoteStepId(stepId);
    const entry = d.createNode({ rule, stepId: target, reason: 'TODO: why this cost is acceptable' });
    entry.commentBefore = ` ${step ? oneLine(step.name) : 'every step'}`;
    if (!isSeq(d.get('ignore'))) d.set('ignore', d.createNode([]));
    const list = d.get('ignore') as YAMLSeq;
    list.add(entry);
    at = [list.items.length - 1];
  });
  const action = add(`Ignore ${rule} for ${stepId ? 'this step' : 'this project'} (${CONFIG_FILE})`, change?.edit);
  const selection = change && reasonRange(change.newText, ['ignore', ...at]);
  if (action && selection)
    action.command = {
      title: 'Show the new entry',
      command: SHOW_DOCUMENT_COMMAND,
      arguments: [URI.file(configFile).toString(), selection],
    };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 120);

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
