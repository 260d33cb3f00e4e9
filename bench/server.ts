/**
 * Language-server rows of `npm run bench`: the real server (`agent-cost lsp --stdio`) on a 10 MB
 * export — open, then one-character edits inside prompts (typing a word in one prompt, then one
 * character in each of several prompts), each followed at once by a code-lens request, as an
 * editor asks after a change; then warm lens and hover requests (no edit in between). The server
 * runs with initializationOptions.debounceMs = 0 (a checkout that predates the option ignores it:
 * a request after an edit does not wait for its debounce anyway). Then the peak memory of a server
 * that holds a 47 MB export. Goals: fresh lenses ≤ 150 ms after a one-character edit; warm hover
 * and lens ≤ 50 ms; ≤ 700 MB on 47 MB. Times are also given as multiples of JSON.parse of the same
 * text in the bench process, which carries over between machines better than milliseconds.
 */
import { readFileSync } from 'fs';
import { pathToFileURL } from 'url';
import { generateExport } from './generate';
import { BenchServer, elapsed, Position } from './lsp';
import { codeBases, dataFile, median, ms, time } from './util';

interface Lens {
  range: { start: Position };
  command?: { title: string };
}

/** The position of `offset` in `text`. */
function positionAt(text: string, offset: number): Position {
  const before = text.lastIndexOf('\n', offset - 1);
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - before - 1 };
}

/** Offsets just inside the opening quote of every `"prompt": "…"` string. */
function promptOffsets(text: string): number[] {
  const out: number[] = [];
  const key = '"prompt": "';
  for (let i = text.indexOf(key); i !== -1; i = text.indexOf(key, i + 1)) out.push(i + key.length);
  return out;
}

interface ServerRun {
  open: number;
  edits: number[];
  lensWarm: number;
  hoverWarm: number;
  lensCount: number;
}

async function session(root: string, file: string): Promise<ServerRun> {
  let text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const s = new BenchServer(root);
  await s.initialize({ settings: {}, debounceMs: 0 });
  const open = await elapsed(() => s.open(uri, text));
  // A word typed in one prompt, then one character in prompts across the file (offsets found
  // in the text as it is after the earlier edits).
  const targets = [
    ...[0, 1, 2, 3, 4].map((i) => ({ prompt: 0.5, skip: 3 + i, ch: 'abcde'[i] })),
    ...[0.1, 0.3, 0.7, 0.9, 0.99].map((f) => ({ prompt: f, skip: 3, ch: 'x' })),
  ];
  const edits: number[] = [];
  let version = 1;
  let lenses: Lens[] = [];
  let at = 0;
  for (const t of targets) {
    const prompts = promptOffsets(text);
    at = prompts[Math.floor(prompts.length * t.prompt)] + t.skip;
    const pos = positionAt(text, at);
    text = text.slice(0, at) + t.ch + text.slice(at);
    version++;
    const published = s.diagnostics(uri, version);
    edits.push(
      await elapsed(async () => {
        await s.change(uri, version, pos, t.ch);
        lenses = await s.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      }),
    );
    await published;
  }
  const hoverAt = positionAt(text, at + 5);
  const lensWarm: number[] = [];
  const hoverWarm: number[] = [];
  for (let i = 0; i < 5; i++) {
    lensWarm.push(await elapsed(() => s.request('textDocument/codeLens', { textDocument: { uri } })));
    hoverWarm.push(await elapsed(() => s.request('textDocument/hover', { textDocument: { uri }, position: hoverAt })));
  }
  await s.close();
  return { open, edits, lensWarm: median(lensWarm), hoverWarm: median(hoverWarm), lensCount: lenses.length };
}

/** Peak RSS of a server that opens a large export, answers lenses and a hover, and takes one edit. */
async function memorySession(root: string, file: string): Promise<number> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const s = new BenchServer(root);
  await s.initialize({ settings: {}, debounceMs: 0 });
  await s.open(uri, text);
  await s.request('textDocument/codeLens', { textDocument: { uri } });
  const at = promptOffsets(text)[0] + 3;
  await s.change(uri, 2, positionAt(text, at), 'x');
  await s.request('textDocument/codeLens', { textDocument: { uri } });
  await s.request('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at + 2) });
  return s.close();
}

export async function serverRows(): Promise<string[]> {
  const file10 = dataFile('synthetic-10mb.vf', () => generateExport(10 * 1024 * 1024, 10));
  const file47 = dataFile('synthetic-47mb.vf', () => generateExport(40.5 * 1024 * 1024, 47));
  const text10 = readFileSync(file10, 'utf8');
  const parse = median([0, 1, 2].map(() => time(() => JSON.parse(text10))));
  const x = (t: number) => `${(t / parse).toFixed(1).padStart(5)}×`;
  const rows = [
    `language server on ${(text10.length / 1048576).toFixed(1)} MB (JSON.parse here: ${parse.toFixed(0)} ms; ` +
      '× = multiples of it):',
    '  code    open     edit → fresh lenses (median / max of 10)     warm lens      warm hover     lenses',
  ];
  const bases = codeBases();
  for (const b of bases) {
    const r = await session(b.root, file10);
    const med = median(r.edits);
    const max = Math.max(...r.edits);
    rows.push(
      `  ${b.label.padEnd(6)} ${ms(r.open, 5)}   ${ms(med, 5)} ${x(med)} / ${ms(max, 5)} ${x(max)}        ` +
        `${ms(r.lensWarm, 4)} ${x(r.lensWarm)}  ${ms(r.hoverWarm, 4)} ${x(r.hoverWarm)}  ` +
        `${String(r.lensCount).padStart(6)}`,
    );
  }
  rows.push('  goals: fresh lenses ≤ 150 ms after a one-character edit (debounce 0); warm hover and lens ≤ 50 ms');
  const size47 = (readFileSync(file47).length / 1048576).toFixed(1);
  for (const b of bases) {
    const rss = await memorySession(b.root, file47);
    rows.push(
      `  server holding a ${size47} MB export${b.label ? ` (${b.label})` : ''}: ` +
        `peak RSS ${rss.toFixed(0)} MB (goal ≤ 700 MB)`,
    );
  }
  return rows;
}
