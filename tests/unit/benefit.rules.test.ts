import { BenefitType } from '../../src/modules/benefits/benefit.enums';
import { type BenefitItem, benefitKey, decideBenefits, validateBenefit } from '../../src/modules/benefits/benefit.rules';

const households = new Map([
  ['5201020010010001', { id: 1, status: 'POOR' }],
  ['5201020010010002', { id: 2, status: 'REMOVED' }],
  ['5201020010010003', { id: 3, status: 'EXITED' }],
]);
const item = (o: Partial<BenefitItem> = {}): BenefitItem => ({
  index: 0,
  registryNo: '5201020010010001',
  type: BenefitType.SUBSIDY,
  amount: '100.00',
  date: '2016-08-01',
  ...o,
});
const verdicts = (items: BenefitItem[], stored = new Map<string, string | null>()) =>
  decideBenefits(
    items.map((it, index) => ({ item: { ...it, index }, errors: validateBenefit({ ...it, index }, '52', '2016-12-31') })),
    households,
    stored,
  ).map((d) => (d.outcome === 'REJECTED' ? `REJECTED ${d.errors[0].path} ${d.errors[0].code}` : d.outcome));

describe('the benefit rules', () => {
  it('refuses unknown, foreign-province and removed households at their paths; an exited household is supervision’s question', () => {
    expect(
      verdicts([
        item({ registryNo: '5201020010019999' }),
        item({ registryNo: '5301020010010001' }),
        item({ registryNo: '5201020010010002' }),
        item({ registryNo: '5201020010010003' }),
      ]),
    ).toEqual([
      'REJECTED benefits[0].registryNo NOT_FOUND',
      'REJECTED benefits[1].registryNo FORBIDDEN',
      'REJECTED benefits[2].registryNo BAD_USER_INPUT',
      'RECORDED',
    ]);
  });

  it('records new benefits, leaves repeated ones UNCHANGED, records a new amount for the same household, type and day', () => {
    const stored = new Map([
      [benefitKey(1, 'SUBSIDY', '2016-08-01'), '100.00'],
      [benefitKey(1, 'TRAINING', '2016-08-01'), null],
    ]);
    expect(
      verdicts(
        [item(), item({ type: BenefitType.TRAINING, amount: null }), item({ date: '2016-08-02', amount: '5.00' }), item({ type: BenefitType.HOUSING })],
        stored,
      ),
    ).toEqual(['UNCHANGED', 'UNCHANGED', 'RECORDED', 'RECORDED']);
    expect(verdicts([item({ amount: '120.00' })], stored)).toEqual(['RECORDED']);
  });

  it('compares a benefit listed twice in one call with the first copy', () => {
    expect(verdicts([item({ date: '2016-09-01' }), item({ date: '2016-09-01' }), item({ date: '2016-09-01', amount: '1.00' })])).toEqual([
      'RECORDED',
      'UNCHANGED',
      'REJECTED benefits[2].amount BAD_USER_INPUT',
    ]);
  });

  it('validates amount and date', () => {
    expect(verdicts([item({ amount: '0.00' }), item({ amount: '-1.00' }), item({ date: '2017-01-01' }), item({ amount: null, date: '2016-10-01' })])).toEqual([
      'REJECTED benefits[0].amount BAD_USER_INPUT',
      'REJECTED benefits[1].amount BAD_USER_INPUT',
      'REJECTED benefits[2].date BAD_USER_INPUT',
      'RECORDED',
    ]);
  });
});
