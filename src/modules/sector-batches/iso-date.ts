const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar day written YYYY-MM-DD (30 February is not one). By arithmetic: intake asks this of every record. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const digits = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
    return n;
  };
  const [year, month, day] = [digits(0, 4), digits(5, 7), digits(8, 10)];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}
