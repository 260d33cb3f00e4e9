/** Shared test helpers: paths, the corpus (read from ../shared, never copied), analysis shortcuts. */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { analyze, Analysis } from '../src/core/analyze';
import { ExportError } from '../src/core/json/document';
import { Rates } from '../src/core/pricing/rates';
import { toJsonReport, JsonReport } from '../src/core/report/json';
import { normaliseSettings } from '../src/core/settings';
import { REPO } from './corpus';

export { CORPUS, CORPUS_MISSING, corpusFiles, describeCorpus, itCorpus, REPO } from './corpus';
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function analyzeText(text: string, raw: Record<string, unknown> = {}): Analysis {
  return analyze(text, normaliseSettings(raw));
}

export function reportOf(text: string, raw: Record<string, unknown> = {}): JsonReport {
  const rates = new Rates();
  return toJsonReport(analyze(text, normaliseSettings(raw), rates), rates);
}

/** The ExportError that analysing `text` raises (fails the test if it raises none or another). */
export function exportError(text: string): ExportError {
  try {
    analyzeText(text);
  } catch (e) {
    if (e instanceof ExportError) return e;
    throw e;
  }
  assert.fail('expected an ExportError');
}

/** A new git repository in a temporary folder with one commit: the fixture `name` as agent.vf. */
export function committedRepo(name = 'branches.vf'): { dir: string; file: string; git: (...a: string[]) => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'acl-git-'));
  const git = (...a: string[]) => void execFileSync('git', ['-C', dir, ...a], { stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'test');
  const file = path.join(dir, 'agent.vf');
  copyFileSync(path.join(FIXTURES, name), file);
  git('add', 'agent.vf');
  git('commit', '-qm', 'v1');
  return { dir, file, git };
}

/** A small seeded random number generator in [0, 1): the same "random" cases on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
