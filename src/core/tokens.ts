/**
 * Token counting: exact for OpenAI encodings (js-tiktoken's rank files), ≈ for other vendors
 * (ai-tokenizer's encodings and per-model content multipliers).
 *
 * A BPE tokenizer splits text with the encoding's regex and byte-pair-encodes each piece on its own,
 * so the count of a text is the sum of the counts of its pieces. We cache counts per piece (most
 * words repeat). Each piece is merged with a priority queue on (rank, position): the same merges,
 * in the same order, as tiktoken's "lowest rank first, leftmost on a tie" loop, but O(n log n)
 * instead of O(n²), so a 1 MB run without spaces (base64, a URL, a minified blob) is counted
 * exactly in well under a second.
 *
 * Encodings load lazily, on the first text that needs them, with a plain `require` of the one
 * module that holds them (`TOKENIZER_DATA_MODULES` lists them, for packaging).
 */
import { TextCache } from './memo';
import type { Tokenizer } from './pricing/rateCard';

export type EncodingName = Tokenizer['encoding'];

/**
 * Every tokenizer data module the engine loads (rank tables of several MB), by the exact string it
 * passes to a plain `require()`, loaded lazily on first use. scripts/bundle.js reads this list: it
 * ships each one as its own file next to the bundles and never inlines them. Adding an encoding is
 * one more literal require of its module below plus one entry here.
 */
export const TOKENIZER_DATA_MODULES = [
  'js-tiktoken/ranks/o200k_base',
  'js-tiktoken/ranks/cl100k_base',
  'js-tiktoken/ranks/p50k_base',
  'ai-tokenizer/encoding/claude',
] as const;

export interface TokenCount {
  tokens: number;
  /** True only for an OpenAI model counted with its own encoding; other vendors are ≈. */
  exact: boolean;
}

/** The module each encoding is loaded from (the same literal strings as the `require` calls below). */
export const ENCODING_MODULES: Readonly<Record<EncodingName, (typeof TOKENIZER_DATA_MODULES)[number]>> = {
  o200k_base: TOKENIZER_DATA_MODULES[0],
  cl100k_base: TOKENIZER_DATA_MODULES[1],
  p50k_base: TOKENIZER_DATA_MODULES[2],
  claude: TOKENIZER_DATA_MODULES[3],
};

/** ai-tokenizer's model table (content multipliers); small, and free of encodings. */
export const AI_TOKENIZER_MODELS_MODULE = 'ai-tokenizer';

/** Every module this file may `require` at run time: packaging ships these (and only these). */
export const TOKENIZER_MODULES: readonly string[] = [...Object.values(ENCODING_MODULES), AI_TOKENIZER_MODELS_MODULE];

/** Raw encoding data as the two packages ship it. */
interface TiktokenRanks {
  pat_str: string;
  bpe_ranks: string;
}
interface AiTokenizerEncoding {
  pat_str: string;
  stringEncoder: Record<string, number>;
  binaryEncoder: [Uint8Array, number][];
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** One literal `require` per encoding, so a bundler can split each into its own lazily loaded file. */
function requireEncoding(name: EncodingName): TiktokenRanks | AiTokenizerEncoding {
  let m: { default?: unknown };
  switch (name) {
    case 'o200k_base':
      m = require('js-tiktoken/ranks/o200k_base');
      break;
    case 'cl100k_base':
      m = require('js-tiktoken/ranks/cl100k_base');
      break;
    case 'p50k_base':
      m = require('js-tiktoken/ranks/p50k_base');
      break;
    case 'claude':
      m = require('ai-tokenizer/encoding/claude');
      break;
  }
  return (m.default ?? m) as TiktokenRanks | AiTokenizerEncoding;
}

interface AiTokenizerModel {
  encoding: string;
  tokens: { contentMultiplier: number };
}
let aiModels: Record<string, AiTokenizerModel> | undefined;
/** ai-tokenizer's model table, loaded once. */
export function aiTokenizerModels(): Record<string, AiTokenizerModel> {
  aiModels ??= (require('ai-tokenizer') as { models: Record<string, AiTokenizerModel> }).models;
  return aiModels;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A loaded encoding. Tokens are "byte strings": one UTF-16 code unit per byte (0–255), so a piece's
 * UTF-8 bytes can be looked up without allocating arrays.
 */
interface Encoding {
  ranks: Map<string, number>;
  /** rank → token bytes. */
  tokens: string[];
  /** Rank of each single byte (every byte-level encoding has all 256). */
  byteRank: Int32Array;
  /** Rank of each two-byte token (index b0 × 256 + b1), -1 when none: the first round of every merge. */
  pairs: Int32Array;
  /** Rank of the concatenation of two tokens (by their ranks), filled as merges are looked up. */
  merged: PairTable;
  pattern: RegExp;
  cache: Map<string, number>;
}

const loaded = new Map<EncodingName, Encoding>();
const MAX_CACHE = 200_000;
/** Longer pieces are not cached (they rarely repeat, and would hold on to a lot of memory). */
const MAX_CACHED_PIECE = 256;

function load(name: EncodingName): Encoding {
  let e = loaded.get(name);
  if (e) return e;
  const raw = requireEncoding(name);
  const ranks = new Map<string, number>();
  if ('bpe_ranks' in raw) {
    // js-tiktoken: lines of "<prefix> <first rank> <base64 token> <base64 token> …".
    for (const line of raw.bpe_ranks.split('\n')) {
      if (!line) continue;
      const parts = line.split(' ');
      const offset = Number.parseInt(parts[1], 10);
      for (let i = 2; i < parts.length; i++) ranks.set(atob(parts[i]), offset + i - 2);
    }
  } else {
    // ai-tokenizer: UTF-8 tokens as strings, the rest as byte arrays.
    for (const [text, rank] of Object.entries(raw.stringEncoder)) ranks.set(byteString(text), rank);
    for (const [bytes, rank] of raw.binaryEncoder) ranks.set(fromBytes(bytes, 0, bytes.length), rank);
  }
  const tokens: string[] = [];
  const byteRank = new Int32Array(256).fill(-1);
  const pairs = new Int32Array(65536).fill(-1);
  for (const [bytes, rank] of ranks) {
    tokens[rank] = bytes;
    if (bytes.length === 1) byteRank[bytes.charCodeAt(0)] = rank;
    else if (bytes.length === 2) pairs[bytes.charCodeAt(0) * 256 + bytes.charCodeAt(1)] = rank;
  }
  if (byteRank.includes(-1)) throw new Error(`encoding ${name} is not byte-level (a byte has no token)`);
  e = {
    ranks,
    tokens,
    byteRank,
    pairs,
    merged: new PairTable(),
    pattern: new RegExp(raw.pat_str, 'gu'),
    cache: new Map(),
  };
  loaded.set(name, e);
  return e;
}

const utf8 = new TextEncoder();

function fromBytes(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 8192)
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  return s;
}

/** The UTF-8 bytes of `text` as a byte string (ASCII text is returned as is). Lone surrogates → U+FFFD. */
function byteString(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return text;
  const b = utf8.encode(text);
  return fromBytes(b, 0, b.length);
}

/**
 * Counts of whole texts per encoding (a prompt is counted once, however often the engine asks:
 * its call, its hover source, the next analysis after an edit elsewhere). Bounded by 64 M
 * characters of keys; see TextCache.
 */
const textCounts = new Map<EncodingName, TextCache<number>>();
const TEXT_CACHE_CHARS = 64 * 1024 * 1024;

/** Counts the tokens of `text` in one encoding, treating special-token text as ordinary text. */
export function countEncoding(text: string, name: EncodingName): number {
  if (text.length === 0) return 0;
  let cache = textCounts.get(name);
  if (!cache) textCounts.set(name, (cache = new TextCache(TEXT_CACHE_CHARS)));
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const e = load(name);
  let total = 0;
  const pattern = e.pattern;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0)
      pattern.lastIndex++; // (no encoding's pattern matches empty text; never loop)
    else total += pieceCount(e, m[0]);
  }
  cache.set(text, total);
  return total;
}

function pieceCount(e: Encoding, piece: string): number {
  let c = e.cache.get(piece);
  if (c !== undefined) return c;
  const bytes = byteString(piece);
  c = e.ranks.has(bytes) ? 1 : bpeCount(bytes, e);
  if (piece.length <= MAX_CACHED_PIECE) {
    if (e.cache.size >= MAX_CACHE) e.cache.clear();
    e.cache.set(piece, c);
  }
  return c;
}

/** Rank of token a's bytes followed by token b's, or -1 when that is not a token. */
function mergedRank(e: Encoding, a: number, b: number): number {
  let r = e.merged.get(a, b);
  if (r === PairTable.ABSENT) {
    r = e.ranks.get(e.tokens[a] + e.tokens[b]) ?? -1;
    e.merged.set(a, b, r);
  }
  return r;
}

/**
 * Number of tokens byte-pair encoding gives for `s` (a byte string), merging exactly as tiktoken
 * does: the adjacent pair with the lowest rank first, the leftmost on a tie. Parts form a linked list
 * (`next[i]` = start of the part after the one starting at i, -1 once merged away; `tok[i]` = its
 * rank); a binary heap holds candidate merges as (rank, start, end). A popped merge is applied only
 * if the pair it describes still exists, i.e. part `start` is alive and the part after it ends at
 * `end`; the span then has the same bytes and so the same rank. Each merge adds at most two
 * candidates, so the heap sees O(n) entries and the whole run is O(n log n).
 */
function bpeCount(s: string, e: Encoding): number {
  const n = s.length;
  if (n < 2) return n;
  const { pairs, byteRank } = e;
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const tok = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    tok[i] = byteRank[s.charCodeAt(i)];
  }
  const heap = new MergeHeap(3 * n);
  for (let i = 0; i + 1 < n; i++) {
    const r = pairs[s.charCodeAt(i) * 256 + s.charCodeAt(i + 1)];
    if (r >= 0) heap.push(r, i, i + 2);
  }
  let parts = n;
  while (heap.size > 0) {
    const rank = heap.topRank();
    const i = heap.topStart();
    const end = heap.topEnd();
    heap.pop();
    const j = next[i];
    if (j < 0 || j >= n || next[j] !== end) continue;
    // Merge part i with part j: part i now spans [i, end) and is token `rank`.
    next[i] = end;
    next[j] = -1;
    tok[i] = rank;
    parts--;
    if (end < n) prev[end] = i;
    const p = prev[i];
    if (p >= 0) {
      const r = mergedRank(e, tok[p], rank);
      if (r >= 0) heap.push(r, p, end);
    }
    if (end < n) {
      const r = mergedRank(e, rank, tok[end]);
      if (r >= 0) heap.push(r, i, next[end]);
    }
  }
  return parts;
}

/** An open-addressing hash table from a pair of ranks to a rank (or -1 for "not a token"). */
class PairTable {
  static readonly ABSENT = -2;
  private size = 0;
  private a = new Int32Array(1 << 12).fill(-1);
  private b = new Int32Array(1 << 12);
  private v = new Int32Array(1 << 12);

  private slot(a: number, b: number): number {
    const mask = this.a.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
    h ^= h >>> 15;
    let i = h & mask;
    while (this.a[i] !== -1 && (this.a[i] !== a || this.b[i] !== b)) i = (i + 1) & mask;
    return i;
  }

  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.a[i] === -1 ? PairTable.ABSENT : this.v[i];
  }

  set(a: number, b: number, value: number): void {
    if (2 * (this.size + 1) > this.a.length) this.grow();
    const i = this.slot(a, b);
    if (this.a[i] === -1) this.size++;
    this.a[i] = a;
    this.b[i] = b;
    this.v[i] = value;
  }

  private grow(): void {
    const { a, b, v } = this;
    this.a = new Int32Array(a.length * 2).fill(-1);
    this.b = new Int32Array(a.length * 2);
    this.v = new Int32Array(a.length * 2);
    this.size = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== -1) this.set(a[i], b[i], v[i]);
  }
}

/**
 * A binary min-heap of merges ordered by (rank, start): lowest rank first, leftmost on a tie. The
 * order is one exact number per entry, rank × 2³² + start (ranks < 2²¹, starts < 2³², so < 2⁵³).
 */
class MergeHeap {
  size = 0;
  private readonly key: Float64Array;
  private readonly end: Int32Array;

  constructor(capacity: number) {
    this.key = new Float64Array(capacity);
    this.end = new Int32Array(capacity);
  }

  topRank(): number {
    return Math.floor(this.key[0] / 4294967296);
  }

  topStart(): number {
    return this.key[0] % 4294967296;
  }

  topEnd(): number {
    return this.end[0];
  }

  push(rank: number, start: number, end: number): void {
    const k = rank * 4294967296 + start;
    const { key, end: ends } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (key[parent] <= k) break;
      key[i] = key[parent];
      ends[i] = ends[parent];
      i = parent;
    }
    key[i] = k;
    ends[i] = end;
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const { key, end: ends } = this;
    const k = key[last];
    const e = ends[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && key[c + 1] < key[c]) c++;
      if (key[c] >= k) break;
      key[i] = key[c];
      ends[i] = ends[c];
      i = c;
    }
    key[i] = k;
    ends[i] = e;
  }
}

/** ai-tokenizer's content multiplier for one of its model ids (throws on an id it does not know). */
export function contentMultiplier(model: string): number {
  const m = aiTokenizerModels()[model];
  if (!m) throw new Error(`ai-tokenizer has no model "${model}"`);
  return m.tokens.contentMultiplier;
}

/**
 * Counts tokens for a model's tokenizer: exact for OpenAI (tiktoken), and for the others ai-tokenizer's
 * estimate (its encoding's count × the model's content multiplier, rounded as ai-tokenizer rounds)
 * or, for a model with no known tokenizer, o200k_base as a stand-in; both are marked not exact (≈).
 */
export function countTokens(text: string, tokenizer: Tokenizer): TokenCount {
  const n = countEncoding(text, tokenizer.encoding);
  switch (tokenizer.kind) {
    case 'tiktoken':
      return { tokens: n, exact: true };
    case 'ai-tokenizer':
      return { tokens: Math.round(n * contentMultiplier(tokenizer.model) * (tokenizer.factor ?? 1)), exact: false };
    case 'stand-in':
      return { tokens: n, exact: false };
  }
}

/** One line for people: which tokenizer counts a model's text. */
export function describeTokenizer(t: Tokenizer): string {
  switch (t.kind) {
    case 'tiktoken':
      return t.encoding;
    case 'ai-tokenizer': {
      const f = contentMultiplier(t.model) * (t.factor ?? 1);
      const scaled = t.factor ? ` × ${t.factor}` : '';
      return `ai-tokenizer ${t.encoding} × ${Number(f.toFixed(4))}, estimated (${t.model}${scaled})`;
    }
    case 'stand-in':
      return `${t.encoding} as a stand-in, estimated (the vendor's tokenizer is unknown)`;
  }
}

/**
 * Loads encodings ahead of the first request (servers call it from their own process). Only the
 * encodings named are loaded: by default o200k_base, the encoding of the default model.
 */
export function warmTokenizers(encodings: EncodingName[] = ['o200k_base']): void {
  for (const e of encodings) load(e);
}
