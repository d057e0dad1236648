import { SeedArgsError, parseSeedArgs } from '../../src/config/seed-args';

describe('npm run seed arguments', () => {
  it('takes households, projects or both, with seed and batch defaulted', () => {
    expect(parseSeedArgs(['--projects', '500'])).toEqual({ households: 0, projects: 500, seed: 1, batch: 50_000 });
    expect(parseSeedArgs(['--households', '2000', '--projects', '40', '--seed', '7', '--batch', '300'])).toEqual({
      households: 2000,
      projects: 40,
      seed: 7,
      batch: 300,
    });
  });

  it.each([
    [[]],
    [['--seed', '3']],
    [['--projects', '0']],
    [['--projects', '1e3']],
    [['--projects', '-5']],
    [['--projects', 'x']],
    [['--households']],
    [['--people', '3']],
  ])('refuses %j with the usage', (argv) => {
    expect(() => parseSeedArgs(argv)).toThrow(SeedArgsError);
    expect(() => parseSeedArgs(argv)).toThrow(/usage: npm run seed/);
  });
});
