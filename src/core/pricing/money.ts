/**
 * The engine's Decimal: 40 significant digits and never exponent notation in strings, so every
 * credit and USD figure serialises as a plain decimal string ("0.000045", not "4.5e-5").
 * Display rounding lives in report/display.ts; nothing in the engine rounds.
 */
import DecimalJs from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 40, toExpNeg: -40, toExpPos: 40 });
export type Decimal = DecimalJs;
