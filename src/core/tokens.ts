/**
 * Token counting with js-tiktoken (lite build + the two rank files we need).
 *
 * Counting is exact and fast: tiktoken splits text with the encoding's regex and byte-pair-encodes
 * each piece on its own, so the count of a text is the sum of the counts of its pieces. We cache
 * per piece (most words repeat), which is ~10× faster than `encode` on prompt text.
 *
 * Guard: BPE is quadratic in a piece's length, so a 1 MB run without spaces would hang the
 * tokenizer. Pieces longer than `MAX_PIECE` are counted in `SLICE`-character slices; such a count
 * is marked not exact.
 */
// js-tiktoken ships CJS code but ESM-only type declarations: import the types as ESM, require the code.
type TiktokenLite = typeof import('js-tiktoken/lite', { with: { 'resolution-mode': 'import' } });
type Tiktoken = InstanceType<TiktokenLite['Tiktoken']>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Tiktoken } = require('js-tiktoken/lite') as TiktokenLite;
import type { Tokenizer } from './pricing/rateCard';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/**
 * Every tokenizer data module the engine loads (rank tables of several MB), by the exact string it
 * passes to a plain `require()`, loaded lazily on first use. scripts/bundle.js reads this list: it
 * ships each one as its own file next to the bundles and never inlines them. Adding an encoding is
 * its `require('<pkg>/<subpath>')` plus one entry here.
 */
export const TOKENIZER_DATA_MODULES = ['js-tiktoken/ranks/o200k_base', 'js-tiktoken/ranks/cl100k_base'] as const;

export interface TokenCount {
  tokens: number;
  /** False when the tokenizer is an approximation (non-OpenAI model) or the long-piece guard fired. */
  exact: boolean;
}

const MAX_PIECE = 400;
const SLICE = 100;
const MAX_CACHE = 200_000;

interface Loaded {
  enc: Tiktoken;
  pattern: RegExp;
  cache: Map<string, number>;
}

const loaded = new Map<EncodingName, Loaded>();

/** Loads (once) an encoding's ranks. ~0.5 s for o200k_base on first use. */
function load(name: EncodingName): Loaded {
  let l = loaded.get(name);
  if (!l) {
    const ranks =
      name === 'o200k_base'
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('js-tiktoken/ranks/o200k_base')
        : // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('js-tiktoken/ranks/cl100k_base');
    const r = ranks.default ?? ranks;
    l = { enc: new Tiktoken(r), pattern: new RegExp(r.pat_str, 'gu'), cache: new Map() };
    loaded.set(name, l);
  }
  return l;
}

/** Counts the tokens of `text` in an OpenAI encoding, treating special-token text as ordinary text. */
export function countEncoding(text: string, name: EncodingName): TokenCount {
  if (text.length === 0) return { tokens: 0, exact: true };
  const l = load(name);
  let total = 0;
  let exact = true;
  l.pattern.lastIndex = 0;
  for (const m of text.matchAll(l.pattern)) {
    const piece = m[0];
    if (piece.length > MAX_PIECE) {
      exact = false;
      for (let i = 0; i < piece.length; i += SLICE) total += pieceCount(l, piece.slice(i, i + SLICE));
    } else {
      total += pieceCount(l, piece);
    }
  }
  return { tokens: total, exact };
}

function pieceCount(l: Loaded, piece: string): number {
  let c = l.cache.get(piece);
  if (c === undefined) {
    c = l.enc.encode(piece, [], []).length;
    if (l.cache.size >= MAX_CACHE) l.cache.clear();
    l.cache.set(piece, c);
  }
  return c;
}

/** Counts tokens for a model's tokenizer: exact for tiktoken models, scaled (≈) for the others. */
export function countTokens(text: string, tokenizer: Tokenizer): TokenCount {
  const c = countEncoding(text, tokenizer.encoding);
  if (tokenizer.kind === 'tiktoken') return c;
  return { tokens: Math.ceil(c.tokens * tokenizer.factor), exact: false };
}

/** Pre-loads both encodings (for servers that want the cost off the first request). */
export function warmTokenizers(): void {
  load('o200k_base');
  load('cl100k_base');
}
