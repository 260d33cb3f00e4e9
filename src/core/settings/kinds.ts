/**
 * The value kinds of the settings table: how a raw value (a CLI string, a YAML or JSON value) is
 * checked and parsed, how its allowed values read in messages and docs, and its JSON Schema.
 * Money-like values are `decimal`: kept as plain decimal strings, never passed through a float.
 */
import { Decimal } from '../pricing/money';
import type { Rates } from '../pricing/rates';
import { fmtInt } from '../report/display';

/** What an id kind is checked against (all from the rate card). */
export type IdOf = 'model' | 'tts' | 'stt' | 'plan';

export interface ParseContext {
  /** The rate card (with the project's negotiated models) ids are checked against. */
  rates: Rates;
  /** False: ids are checked for shape only (the project's rates are not known yet). */
  checkIds: boolean;
}

/**
 * A value was rejected. `message` completes "<key> …", e.g. "must be an integer from 1 to 200,
 * got 0"; `entry` names the map entry at fault ("chunks" of variableTokenBudgets).
 */
export class KindError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

export type SchemaTarget = 'file' | 'editor';

export interface Kind<T> {
  readonly type: 'integer' | 'number' | 'decimal' | 'id' | 'enum' | 'map' | 'boolean';
  /** Allowed values in words, e.g. "an integer from 1 to 200". */
  readonly allowed: string;
  /** CLI placeholder, e.g. "<n>". */
  readonly placeholder: string;
  /** Enum kinds: the values (CLI choices). */
  readonly choices?: readonly string[];
  /** Map kinds: checks one entry (its name, then its value); throws `KindError` naming the entry. */
  parseEntry?(name: string, raw: unknown, ctx: ParseContext): unknown;
  /** Checks and converts a raw value; throws `KindError`. */
  parse(raw: unknown, ctx: ParseContext): T;
  /**
   * JSON Schema of a value as written in `.agentcost.yaml` (`file`: decimals as numbers or
   * strings) or in VS Code settings (`editor`: decimals as strings, so they stay exact).
   */
  schema(rates: Rates, target: SchemaTarget): Record<string, unknown>;
  /** A value as a person reads it in docs. */
  show(value: T): string;
}

/** A value from a user or a file, for a message: strings quoted and escaped, long ones cut. */
export function got(raw: unknown): string {
  const text = typeof raw === 'string' ? JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw) : String(raw);
  return typeof raw === 'object' && raw !== null ? (Array.isArray(raw) ? 'a list' : 'a mapping') : text;
}

/** `key.entry` for messages, the entry quoted when it is not a plain name (text from a file). */
export function entryPath(key: string, entry: string | undefined): string {
  if (entry === undefined) return key;
  return /^[\w-]{1,60}$/.test(entry) ? `${key}.${entry}` : `${key}[${JSON.stringify(entry.slice(0, 60))}]`;
}
const INTEGER = /^[+-]?\d+$/;
/** At most 40 digits a side: the engine's Decimal precision (and no 1 MB number from a file). */
const DECIMAL = /^[+-]?\d{1,40}(\.\d{1,40})?$/;
/** Pattern of a non-negative decimal as written in the project file or a VS Code setting. */
export const DECIMAL_PATTERN = '^\\d+(\\.\\d+)?$';

/** A number or a numeric string, as trimmed text (numbers by their shortest exact form). */
function numericText(raw: unknown): string | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  if (typeof raw === 'string') return raw.trim();
  return undefined;
}

/** Whole numbers (counts, tokens, turns) from `min` to `max` inclusive. */
export function integer(min: number, max: number, placeholder = '<n>'): Kind<number> {
  const allowed = `an integer from ${big(min)} to ${big(max)}`;
  return {
    type: 'integer',
    allowed,
    placeholder,
    parse(raw) {
      const t = numericText(raw);
      if (t === undefined || !INTEGER.test(t)) throw new KindError(`must be ${allowed}, got ${got(raw)}`);
      const n = Number(t);
      if (n < min || n > max) throw new KindError(`must be ${allowed}, got ${t}`);
      return n;
    },
    schema: () => ({ type: 'integer', minimum: min, maximum: max }),
    show: (v) => String(v),
  };
}

interface Range {
  min: string;
  max?: string;
  /** The minimum itself is not allowed (`> min`). */
  above?: boolean;
}

/** A bound for people: 1,000,000 rather than 1000000. */
function big(n: number | string): string {
  return Math.abs(Number(n)) >= 10_000 ? fmtInt(Number(n)) : String(n);
}

function rangeText(r: Range, what: string): string {
  const low = r.above ? `greater than ${big(r.min)}` : `from ${big(r.min)}`;
  if (r.max === undefined) return `${what} ${r.above ? low : `of at least ${big(r.min)}`}`;
  return `${what} ${low} ${r.above ? 'and at most' : 'to'} ${big(r.max)}`;
}

/** Checks a decimal literal against a range; returns it as a Decimal. */
function decimalIn(raw: unknown, r: Range, allowed: string): Decimal {
  const t = numericText(raw);
  if (t === undefined || !DECIMAL.test(t)) throw new KindError(`must be ${allowed}, got ${got(raw)}`);
  const d = new Decimal(t);
  const low = r.above ? d.lte(r.min) : d.lt(r.min);
  if (low || (r.max !== undefined && d.gt(r.max))) throw new KindError(`must be ${allowed}, got ${t}`);
  return d.isZero() ? new Decimal(0) : d; // "-0" reads 0
}

/** Bounds as JSON Schema keywords (they apply to numbers only; strings carry the pattern). */
function bounds(r: Range): Record<string, number> {
  return {
    ...(r.above ? { exclusiveMinimum: Number(r.min) } : { minimum: Number(r.min) }),
    ...(r.max === undefined ? {} : { maximum: Number(r.max) }),
  };
}

/**
 * Exact decimals (money, credits, rates): the value is the decimal string as written
 * ("0.005"), normalised by Decimal (no exponent, no float on the way).
 */
export function decimal(r: Range, placeholder = '<x>'): Kind<string> {
  const allowed = rangeText(r, 'a decimal');
  return {
    type: 'decimal',
    allowed,
    placeholder,
    parse: (raw) => decimalIn(raw, r, allowed).toString(),
    // A string's number cannot be bounded by JSON Schema: the range is in the description.
    schema: (_rates, target) =>
      target === 'editor'
        ? { type: 'string', pattern: DECIMAL_PATTERN }
        : { type: ['string', 'number'], pattern: DECIMAL_PATTERN, ...bounds(r) },
    show: (v) => v,
  };
}

/** Measured quantities that are not money (characters per token, seconds): a JS number. */
export function quantity(r: Range, placeholder = '<n>'): Kind<number> {
  const allowed = rangeText(r, 'a number');
  return {
    type: 'number',
    allowed,
    placeholder,
    parse: (raw) => decimalIn(raw, r, allowed).toNumber(),
    schema: () => ({ type: 'number', ...bounds(r) }),
    show: (v) => String(v),
  };
}

/** Yes or no (`true`/`false`, also as text from the CLI). */
export function boolean(): Kind<boolean> {
  return {
    type: 'boolean',
    allowed: 'true or false',
    placeholder: '<true|false>',
    choices: ['true', 'false'],
    parse(raw) {
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw new KindError(`must be true or false, got ${got(raw)}`);
    },
    schema: () => ({ type: 'boolean' }),
    show: (v) => String(v),
  };
}

/** One of a fixed list of words. */
export function oneOf<const V extends string>(values: readonly V[]): Kind<V> {
  const allowed = `one of ${values.join(', ')}`;
  return {
    type: 'enum',
    allowed,
    placeholder: '<value>',
    choices: values,
    parse(raw) {
      if (typeof raw !== 'string' || !values.includes(raw as V))
        throw new KindError(`must be ${allowed}, got ${got(raw)}`);
      return raw as V;
    },
    schema: () => ({ type: 'string', enum: [...values] }),
    show: (v) => v,
  };
}

/** Ids known to the rate card, for messages and schemas. */
export function knownIds(of: IdOf, rates: Rates): string[] {
  const c = rates.card;
  if (of === 'model') return c.llm.map((r) => r.id);
  if (of === 'plan') return c.plans.filter((p) => p.credits !== null).map((p) => p.id);
  return c.units.filter((u) => u.kind === of).map((u) => u.id);
}

const ID_NAME: Record<IdOf, string> = {
  model: 'model',
  tts: 'text-to-speech rate',
  stt: 'speech-to-text rate',
  plan: 'plan',
};

/** Resolves an id against the rate card; the stored value (plans: the plan's id), or undefined. */
function resolveId(of: IdOf, id: string, rates: Rates): string | undefined {
  if (of === 'model') return rates.findLlmRow(id) ? id : undefined;
  if (of === 'plan') {
    const p = rates.card.plans.find((x) => x.id === id.toLowerCase() || x.name.toLowerCase() === id.toLowerCase());
    return p && p.credits !== null ? p.id : undefined;
  }
  return rates.unit(id)?.kind === of ? id : undefined;
}

/** An id checked against the rate card (models, TTS and STT rates, plans). */
export function rateCardId(of: IdOf): Kind<string> {
  const allowed = `a ${ID_NAME[of]} id from the rate card`;
  return {
    type: 'id',
    allowed,
    placeholder: '<id>',
    parse(raw, ctx) {
      const id = typeof raw === 'string' ? raw.trim() : '';
      if (id === '') throw new KindError(`must be ${allowed}, got ${got(raw)}`);
      if (!ctx.checkIds) return of === 'plan' ? id.toLowerCase() : id;
      const resolved = resolveId(of, id, ctx.rates);
      if (resolved !== undefined) return resolved;
      const known = knownIds(of, ctx.rates).join(', ');
      if (of !== 'plan') throw new KindError(`must be ${allowed} (${known}), got ${got(id)}`);
      const unpublished = ctx.rates.card.plans.some((p) => p.id === id.toLowerCase());
      throw new KindError(
        unpublished
          ? `must be a plan with a published credit allotment (${known}), got ${got(id)}; ` +
              'set budgets.creditsPerMonth to budget for it'
          : `must be one of the plans ${known}, got ${got(id)}`,
      );
    },
    schema: (rates) => (of === 'plan' ? { type: 'string', enum: knownIds('plan', rates) } : { type: 'string' }),
    show: (v) => v,
  };
}

/**
 * Name → value maps (branch weights, per-variable budgets, per-step models). `keys`: the only
 * names allowed (e.g. reasoning efforts); by default any name.
 */
export function mapOf<T>(value: Kind<T>, keyName: string, keys?: readonly string[]): Kind<Record<string, T>> {
  const allowed = `a map of ${keyName}${keys ? ` (${keys.join(', ')})` : ''} → ${value.allowed}`;
  const parseEntry = (name: string, raw: unknown, ctx: ParseContext): T => {
    if (keys && !keys.includes(name)) throw new KindError(`is not a ${keyName}: use ${keys.join(', ')}`, name);
    try {
      return value.parse(raw, ctx);
    } catch (e) {
      throw e instanceof KindError ? new KindError(e.message, name) : e;
    }
  };
  return {
    type: 'map',
    allowed,
    placeholder: '<json>',
    parseEntry,
    parse(raw, ctx) {
      let v = raw;
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v);
        } catch {
          throw new KindError(`must be ${allowed} written as JSON, e.g. {"name": …}, got ${got(raw)}`);
        }
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new KindError(`must be ${allowed}`);
      // A null-prototype map: "constructor" or "__proto__" are names like any other.
      const out: Record<string, T> = Object.create(null);
      for (const [name, item] of Object.entries(v)) out[name] = parseEntry(name, item, ctx);
      return out;
    },
    schema: (rates, target) =>
      keys
        ? {
            type: 'object',
            properties: Object.fromEntries(keys.map((k) => [k, value.schema(rates, target)])),
            additionalProperties: false,
          }
        : { type: 'object', additionalProperties: value.schema(rates, target) },
    show: (v) => (Object.keys(v).length === 0 ? '{}' : JSON.stringify(v)),
  };
}
