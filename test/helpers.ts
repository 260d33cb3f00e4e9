/** Shared test helpers: paths, the corpus (read from ../shared, never copied), analysis shortcuts. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyze, Analysis } from '../src/core/analyze';
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
