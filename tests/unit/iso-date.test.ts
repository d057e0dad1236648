import { isIsoDate } from '../../src/modules/sector-batches/iso-date';
import { checkAttributes } from '../../src/modules/sector-batches/sector-attributes';
import { Sector } from '../../src/modules/tenants/tenant.enums';

describe('calendar dates in sector records', () => {
  it('accepts real days only, leap days where they exist', () => {
    expect(['2016-02-29', '2000-02-29', '1999-12-31'].map(isIsoDate)).toEqual([true, true, true]);
    expect(['2015-02-29', '2016-02-30', '2016-13-01', '2016-1-1', '20160101', ''].map(isIsoDate)).toEqual([false, false, false, false, false, false]);
  });

  it('holds a date attribute to the same rule as a birth date', () => {
    expect(checkAttributes(Sector.MINIMUM_LIVING, { since: '2016-02-29' })).toMatchObject({ ok: true });
    expect(checkAttributes(Sector.MINIMUM_LIVING, { since: '2016-02-30' })).toEqual({
      ok: false,
      reason: expect.stringMatching(/since.*must be a date YYYY-MM-DD/),
    });
  });
});
