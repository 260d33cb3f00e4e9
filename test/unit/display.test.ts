/**
 * The display formatter's plain figures: sizes, durations and quantities the client, the server
 * and the CLI show (credits and USD are checked through the reports and fixtures).
 */
import * as assert from 'assert';
import { fmtDuration, fmtInt, fmtMegabytes, fmtShare, fmtShares } from '../../src/core/report/display';
import { fmtPlain } from '../../src/core/report/numbers';

describe('display formatter: sizes, durations, quantities', () => {
  it('shows megabytes of 1,048,576 bytes with one decimal, as VS Code counts its 20 MB limit', () => {
    assert.strictEqual(fmtMegabytes(0), '0.0 MB');
    assert.strictEqual(fmtMegabytes(20 * 1024 * 1024), '20.0 MB');
    assert.strictEqual(fmtMegabytes(10.56 * 1048576), '10.6 MB');
    assert.strictEqual(fmtMegabytes(1500 * 1048576), '1,500.0 MB');
  });

  it('shows milliseconds below a second and seconds with one decimal from there', () => {
    assert.strictEqual(fmtDuration(0), '0 ms');
    assert.strictEqual(fmtDuration(849.6), '850 ms');
    assert.strictEqual(fmtDuration(1000), '1.0 s');
    assert.strictEqual(fmtDuration(3249), '3.2 s');
    assert.strictEqual(fmtDuration(1_250), '1.3 s');
    assert.strictEqual(fmtDuration(12_345_678), '12,345.7 s');
  });

  it('shows a quantity exactly, with thousands separators', () => {
    assert.strictEqual(fmtPlain(1000), '1,000');
    assert.strictEqual(fmtPlain(0.005), '0.005');
    assert.strictEqual(fmtPlain(1234.5), '1,234.5');
    assert.strictEqual(fmtPlain('0.000045'), '0.000045');
    assert.strictEqual(fmtPlain(null), 'unknown');
    assert.strictEqual(fmtPlain(1e-7), '0.0000001');
    assert.strictEqual(fmtPlain(1.5e-7), '0.00000015');
    assert.strictEqual(fmtPlain(2e21), '2,000,000,000,000,000,000,000');
  });

  it('rounds counts to whole numbers with separators', () => {
    assert.strictEqual(fmtInt(20000), '20,000');
    assert.strictEqual(fmtInt(2.5), '3');
  });
});

describe('display formatter: shares of a whole add up to 100 %', () => {
  /** The shown percentages, added in tenths (no floating-point drift). */
  const sum = (labels: string[]) => labels.reduce((t, l) => t + Math.round(parseFloat(l) * 10), 0) / 10;

  it('gives the tenth left over by three equal thirds to the first (33.3 × 3 would be 99.9)', () => {
    const third = '0.3333333333333333333333333333';
    assert.strictEqual(sum([third, third, third].map(fmtShare)), 99.9);
    // 333.33… tenths each: 333 × 3 = 999, the one left goes to the first of three equal remainders.
    assert.deepStrictEqual(fmtShares([third, third, third]), ['33.4 %', '33.3 %', '33.3 %']);
  });

  it('rounds two halves-up that would make 100.1 % into 66.7 % and 33.3 %', () => {
    // 66.65 % and 33.35 % each round up alone (66.7 + 33.4 = 100.1); in tenths 666.5 and 333.5:
    // 666 + 333 = 999, the tenth left goes to the first of the equal remainders (0.5).
    assert.deepStrictEqual(['0.6665', '0.3335'].map(fmtShare), ['66.7 %', '33.4 %']);
    assert.deepStrictEqual(fmtShares(['0.6665', '0.3335']), ['66.7 %', '33.3 %']);
  });

  it('shares six equal sixths as four 16.7 % and two 16.6 %', () => {
    // 166.67 tenths each: 166 × 6 = 996, four tenths left, to the first four (equal remainders).
    const sixth = new Array(6).fill('0.1666666666666666666666666667');
    assert.deepStrictEqual(fmtShares(sixth), ['16.7 %', '16.7 %', '16.7 %', '16.7 %', '16.6 %', '16.6 %']);
  });

  it('gives the tenth to the largest remainder, not the largest share', () => {
    // 0.125, 0.2375, 0.6375 → 125, 237.5, 637.5 tenths: 999; remainders .5 and .5 (the earlier: 23.8 %).
    assert.deepStrictEqual(fmtShares(['0.125', '0.2375', '0.6375']), ['12.5 %', '23.8 %', '63.7 %']);
    // 0.1234, 0.5678, 0.3088 → 123.4, 567.8, 308.8: 998; the two tenths go to .8 and .8.
    assert.deepStrictEqual(fmtShares(['0.1234', '0.5678', '0.3088']), ['12.3 %', '56.8 %', '30.9 %']);
  });

  it('takes parts of any total (2 : 1 : 1 is 50 %, 25 %, 25 %)', () => {
    assert.deepStrictEqual(fmtShares([2, 1, 1]), ['50 %', '25 %', '25 %']);
  });

  it('says "<0.1 %" for a share above zero too small to show, "0 %" for none, "unknown" for null', () => {
    // 0.04 and 999.96 tenths: 999, the tenth left goes to .96.
    assert.deepStrictEqual(fmtShares(['0.00004', '0.99996']), ['<0.1 %', '100 %']);
    assert.deepStrictEqual(fmtShares([0, 1]), ['0 %', '100 %']);
    assert.deepStrictEqual(fmtShares([0, 0]), ['0 %', '0 %']);
    assert.deepStrictEqual(fmtShares([null, 1]), ['unknown', '100 %']);
    assert.deepStrictEqual(fmtShares([]), []);
  });
});
