/**
 * The national rural poverty line by year, yuan per person per year at current
 * prices (2,300 yuan at 2010 prices, re-based each year). A table in code:
 * changing it is a reviewed change, like any rule.
 */
export const POVERTY_LINE_BY_YEAR: Readonly<Record<number, number>> = {
  2010: 2300,
  2011: 2536,
  2012: 2625,
  2013: 2736,
  2014: 2800,
  2015: 2855,
  2016: 3000,
  2017: 3335,
  2018: 3535,
  2019: 3747,
  2020: 4000,
};

const YEARS = Object.keys(POVERTY_LINE_BY_YEAR)
  .map(Number)
  .sort((a, b) => a - b);

/** The line of `year`; years outside the table take the nearest year's line. */
export function povertyLine(year: number): number {
  const clamped = Math.min(Math.max(year, YEARS[0]), YEARS[YEARS.length - 1]);
  return POVERTY_LINE_BY_YEAR[clamped];
}
