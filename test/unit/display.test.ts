/**
 * The display formatter's plain figures: sizes, durations and quantities the client, the server
 * and the CLI show (credits and USD are checked through the reports and fixtures).
 */
import * as assert from 'assert';
import { fmtDuration, fmtInt, fmtMegabytes } from '../../src/core/report/display';
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
