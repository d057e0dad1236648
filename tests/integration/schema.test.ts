import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printHubSchema } from '../../src/graphql/schema';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after a change)', async () => {
    const committed = readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(await printHubSchema()).toBe(committed);
  });

  it('carries the contract’s names', async () => {
    const sdl = await printHubSchema();
    for (const name of [
      'household(registryNo: String!): Household',
      'lookupPersons(idNumbers: [String!]!): [PersonLookup!]!',
      'enum HouseholdStatus',
      'enum PovertyCause',
      'type PersonLookup',
      'scalar Date',
      'scalar DateTime',
    ]) {
      expect(sdl).toContain(name);
    }
  });
});
