import { Kind, type StringValueNode, type FloatValueNode } from 'graphql';
import { DecimalScalar, isPositiveDecimal, parseDecimal } from '../../src/graphql/decimal.scalar';

describe('the Decimal scalar', () => {
  it.each([
    ['0', '0.00'],
    ['7', '7.00'],
    ['12345.6', '12345.60'],
    ['12345.60', '12345.60'],
    ['0.01', '0.01'],
    ['-3.5', '-3.50'],
    ['-0', '0.00'],
    ['999999999999.99', '999999999999.99'],
  ])('reads %s as the canonical %s', (text, canonical) => {
    expect(parseDecimal(text)).toEqual({ ok: true, value: canonical });
    expect(DecimalScalar.parseValue(text)).toBe(canonical);
  });

  it.each([
    ['12.345', /more than 2 decimals/],
    ['0.001', /more than 2 decimals/],
    ['1e5', /Exponents/],
    ['1E-2', /Exponents/],
    ['1234567890123', /At most 12 digits/],
    ['abc', /digits with at most 2 decimals/],
    ['', /digits with at most 2 decimals/],
    ['NaN', /digits with at most 2 decimals/],
    ['Infinity', /digits with at most 2 decimals/],
    ['1,000.00', /digits with at most 2 decimals/],
    [' 1.00', /digits with at most 2 decimals/],
    ['+1.00', /digits with at most 2 decimals/],
    ['01.00', /digits with at most 2 decimals/],
    ['1.', /digits with at most 2 decimals/],
    ['.5', /digits with at most 2 decimals/],
    ['0x10', /digits with at most 2 decimals/],
  ])('refuses %j', (text, reason) => {
    const parsed = parseDecimal(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
    expect(() => DecimalScalar.parseValue(text)).toThrow(reason);
  });

  it('takes only strings: a JSON number has already been through a float, and so has a number literal', () => {
    for (const value of [12.5, 100, 0.1 + 0.2, null, true, {}]) expect(() => DecimalScalar.parseValue(value)).toThrow(/as a string/);
    const literal: FloatValueNode = { kind: Kind.FLOAT, value: '12.50' };
    expect(() => DecimalScalar.parseLiteral(literal, {})).toThrow(/as a string/);
    const text: StringValueNode = { kind: Kind.STRING, value: '12.5' };
    expect(DecimalScalar.parseLiteral(text, {})).toBe('12.50');
  });

  it('serializes numeric text from PostgreSQL as it is, and refuses a float there too', () => {
    expect(DecimalScalar.serialize('1500.00')).toBe('1500.00');
    // A national sum may pass the 12 digits one stored amount has; it is still exact to the fen.
    expect(DecimalScalar.serialize('12345678901234567.89')).toBe('12345678901234567.89');
    expect(() => DecimalScalar.serialize('1.234')).toThrow(/more than 2 decimals/);
    expect(() => DecimalScalar.serialize(1500)).toThrow(/as a string/);
  });

  it('tells positive amounts from zero and negative ones without making a number', () => {
    expect(['0.01', '1.00', '999999999999.99'].map(isPositiveDecimal)).toEqual([true, true, true]);
    expect(['0.00', '-0.01', '-5.00'].map(isPositiveDecimal)).toEqual([false, false, false]);
  });
});
