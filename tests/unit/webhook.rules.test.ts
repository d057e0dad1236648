import { checkUrlShape, isInternalAddress, usableAddresses } from '../../src/modules/webhooks/webhook-url.rules';
import { checkEventTypes, isValidSecret, newSecret, payloadData, retryDelays } from '../../src/modules/webhooks/webhook.rules';
import { firstKilobyte } from '../../src/modules/webhooks/webhook.sender';

describe('retryDelays', () => {
  it('doubles from the first delay and cuts the last so that they add up to the span', () => {
    expect(retryDelays(200, 1_000)).toEqual([200, 400, 400]);
    const day = retryDelays(30_000, 86_400_000);
    expect(day.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(day.reduce((a, b) => a + b, 0)).toBe(86_400_000);
    expect(day).toHaveLength(12);
  });
});

describe('secrets', () => {
  it('makes Standard Webhooks secrets and accepts only well-formed ones of 24 to 64 bytes', () => {
    expect(isValidSecret(newSecret())).toBe(true);
    expect(newSecret()).not.toBe(newSecret());
    expect(isValidSecret(`whsec_${Buffer.alloc(24).toString('base64')}`)).toBe(true);
    expect(isValidSecret(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe(false);
    expect(isValidSecret(Buffer.alloc(32).toString('base64'))).toBe(false);
    expect(isValidSecret('whsec_not base64!')).toBe(false);
  });
});

describe('checkEventTypes', () => {
  it('names unknown events and drops repeats', () => {
    expect(checkEventTypes(['batch.completed', 'batch.completed', 'x'])).toEqual({ unknown: ['x'], events: ['batch.completed'] });
  });
});

describe('payloadData', () => {
  const household = { householdId: 7, registryNo: '52010200100100001', provinceCode: '52', status: 'POOR', version: 3, annualIncomePerCapita: 1 };
  it('gives a province and LGOP the event whole', () => {
    for (const kind of ['ADMIN', 'PROVINCE'] as const) {
      expect(payloadData('household.changed', household, { kind, householdFields: null, projectFields: null })).toEqual(household);
    }
  });
  it('gives a ministry the ids and only the fields its policy grants, leaving the others out', () => {
    const data = payloadData('household.changed', household, { kind: 'MINISTRY', householdFields: ['status', 'provinceCode'], projectFields: [] });
    expect(data).toEqual({ householdId: 7, provinceCode: '52', status: 'POOR' });
    expect(payloadData('household.changed', household, { kind: 'MINISTRY', householdFields: null, projectFields: null })).toEqual({ householdId: 7 });
  });
  it('never lets a project grant open a household field, and cuts a case to its ids', () => {
    const project = { projectNo: 'P1', type: 'ROAD', name: 'n', countyCode: '520102', version: 1 };
    expect(payloadData('project.changed', project, { kind: 'MINISTRY', householdFields: ['name'], projectFields: ['countyCode'] })).toEqual({
      projectNo: 'P1',
      type: 'ROAD',
      countyCode: '520102',
    });
    const kase = { discrepancyId: '1', batchId: 'b', kind: 'NAME_MISMATCH', status: 'OPEN', sector: 'HEALTH', registryNo: 'r', provinceCode: '52' };
    expect(Object.keys(payloadData('discrepancy.opened', kase, { kind: 'MINISTRY', householdFields: ['registryNo'], projectFields: [] })).sort()).toEqual([
      'batchId',
      'discrepancyId',
      'kind',
      'sector',
      'status',
    ]);
  });
});

describe('URL rules', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.5',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd12::1',
    '::ffff:10.0.0.1',
    'nonsense',
  ])('%s is internal', (ip) => expect(isInternalAddress(ip)).toBe(true));
  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => expect(isInternalAddress(ip)).toBe(false));

  it('allows http only to allow-listed hosts and refuses credentials', () => {
    expect(checkUrlShape('http://127.0.0.1:9/x', [])).toBe('SCHEME');
    expect(checkUrlShape('http://127.0.0.1:9/x', ['127.0.0.1'])).toMatchObject({ allowListed: true });
    expect(checkUrlShape('https://a:b@example.org/', [])).toBe('CREDENTIALS');
    expect(checkUrlShape('https://EXAMPLE.org/', ['example.org'])).toMatchObject({ allowListed: true });
  });

  it('refuses a host when any of its addresses is internal, unless allow-listed', () => {
    expect(usableAddresses(['93.184.215.14', '10.0.0.1'], false)).toBe('PRIVATE_ADDRESS');
    expect(usableAddresses([], false)).toBe('PRIVATE_ADDRESS');
    expect(usableAddresses(['10.0.0.1'], true)).toEqual(['10.0.0.1']);
  });
});

describe('firstKilobyte', () => {
  it('keeps at most 1024 bytes, cut at a character boundary, without NULs', () => {
    const text = firstKilobyte(Buffer.from('好'.repeat(400)))!;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
    expect(text).toBe('好'.repeat(341));
    expect(firstKilobyte(Buffer.from('a\u0000b'))).toBe('ab');
    expect(firstKilobyte(Buffer.alloc(0))).toBeNull();
  });
});
