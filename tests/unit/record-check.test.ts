import { Readable } from 'node:stream';
import { ID_CHECK_CHARACTERS, ID_CHECK_WEIGHTS } from '../../src/modules/id-number/id-number';
import { RecordCheck } from '../../src/modules/sector-batches/record-check';
import { checkBody } from '../../src/modules/sector-batches/record-dry-run';
import { EncoderPool, IN_THREAD } from '../../src/modules/sector-batches/record-encoder.pool';
import type { SectorRow } from '../../src/modules/sector-batches/record-line.parser';
import { RecordUploadError } from '../../src/modules/sector-batches/record-upload.errors';
import { Sector } from '../../src/modules/tenants/tenant.enums';

function idNumber(seq: number): string {
  const first17 = `11010119900101${String(seq % 1000).padStart(3, '0')}`;
  const sum = ID_CHECK_WEIGHTS.reduce((s, w, i) => s + w * (first17.charCodeAt(i) - 48), 0);
  return first17 + ID_CHECK_CHARACTERS[sum % 11];
}

const row = (fields: Partial<SectorRow>): SectorRow => ({
  idNumber: null,
  name: null,
  birthDate: null,
  regionCode: null,
  attributes: null,
  parseError: null,
  ...fields,
});

/** 20,000 CSV records (three blocks of the upload's), every 997th with a bad level and every 1,500th without a name. */
function bigCsv(): string {
  const lines = ['idNumber,name,level'];
  for (let i = 1; i <= 20_000; i++) lines.push(`${idNumber(i)},${i % 1500 === 0 ? '' : `测试${i}`},${i % 997 === 0 ? 9 : 2}`);
  return lines.join('\n');
}

describe('dry-run tallies', () => {
  it('merging tallies in order equals judging every record in one', () => {
    const rows = [
      row({ idNumber: idNumber(1), name: 'a' }),
      row({ idNumber: idNumber(2) }),
      row({ parseError: 'line 4: not valid JSON' }),
      row({ idNumber: idNumber(3), name: 'b', regionCode: '1' }),
      row({ idNumber: idNumber(4) }),
    ];
    const whole = new RecordCheck(Sector.HEALTH, 2);
    rows.forEach((r, i) => whole.add(r, i + 2));
    const merged = new RecordCheck(Sector.HEALTH, 2);
    for (const part of [rows.slice(0, 2), rows.slice(2)]) {
      const piece = new RecordCheck(Sector.HEALTH, 2);
      part.forEach((r) => piece.add(r, rows.indexOf(r) + 2));
      merged.merge(piece.tally());
    }
    expect(merged.report()).toEqual(whole.report());
    expect(whole.report()).toMatchObject({
      records: 5,
      valid: 1,
      invalid: 4,
      problemsTruncated: true,
      problems: [
        { line: 3, code: 'NAME_MISSING' },
        { line: 4, code: 'UNREADABLE' },
      ],
    });
    expect(whole.report().invalidByReason.map((r) => [r.code, r.count, r.firstLine])).toEqual([
      ['NAME_MISSING', 2, 3],
      ['UNREADABLE', 1, 4],
      ['REGION_CODE_INVALID', 1, 5],
    ]);
  });

  it('judges a body on the encoder threads as on the caller’s, blocks merged in body order', async () => {
    const csv = bigCsv();
    const target = { sector: Sector.DISABILITY, maxProblems: 25 };
    const alone = await checkBody(Readable.from([csv]), 'csv', target, IN_THREAD);
    const pool = new EncoderPool(2);
    try {
      expect(await checkBody(Readable.from([csv]), 'csv', target, pool)).toEqual(alone);
    } finally {
      await pool.close();
    }
    expect(alone).toMatchObject({ records: 20_000, invalid: 20 + 13 });
    expect(alone.invalidByReason.map((r) => [r.code, r.count, r.firstLine])).toEqual([
      ['ATTRIBUTE_INVALID', 20, 998],
      ['NAME_MISSING', 13, 1501],
    ]);
    expect(alone.problems).toHaveLength(25);
    expect(alone.problems.map((p) => p.line)).toEqual([...alone.problems.map((p) => p.line)].sort((a, b) => a - b));
  });

  it('refuses a body the upload refuses as a whole', async () => {
    await expect(checkBody(Readable.from(['name\nx']), 'csv', { sector: Sector.HEALTH, maxProblems: 5 })).rejects.toBeInstanceOf(RecordUploadError);
  });
});
