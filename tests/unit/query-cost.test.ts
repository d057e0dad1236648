import 'reflect-metadata';
import { type GraphQLSchema, parse, print } from 'graphql';
import { lengthsOnly } from '../../src/graphql/limits/cost-variables';
import { queryCostPlugin } from '../../src/graphql/limits/query-cost.plugin';
import { buildHubSchema } from '../../src/graphql/schema';
import { householdInput } from '../support/push-fixtures';

const PUSH = `mutation($key: String!, $households: [HouseholdInput!]!) {
  pushHouseholds(idempotencyKey: $key, households: $households) { created results { index outcome errors { path code message } } } }`;
const LOOKUP = `query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { idNumber } }`;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildHubSchema();
});

/** What the plugin answers before execution: the refusal's message, or null when it lets the operation run. */
async function refusal(query: string, variables: Record<string, unknown>, maxCost: number): Promise<string | null> {
  const listener = await queryCostPlugin(schema, maxCost).requestDidStart!({} as never);
  try {
    await listener!.didResolveOperation!({ request: { variables }, document: parse(query) } as never);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const cost = async (query: string, variables: Record<string, unknown>) => Number(/would cost (\d+)/.exec((await refusal(query, variables, 0))!)![1]);

describe('query cost of list variables', () => {
  const households = Array.from({ length: 300 }, (_, i) => householdInput('52', i));

  it('stands a list of input objects in as nulls, declared nullable, and leaves other variables alone', () => {
    const quick = lengthsOnly(schema, { query: parse(PUSH), variables: { key: 'k', households } })!;
    expect(quick.variables).toEqual({ key: 'k', households: new Array(300).fill(null) });
    expect(print(quick.query)).toContain('$households: [HouseholdInput]!');
    expect(lengthsOnly(schema, { query: parse(LOOKUP), variables: { ids: ['a', 'b'] } })).toBeNull();
  });

  it('refuses and passes exactly where the real variables put the cost', async () => {
    const price = await cost(PUSH, { key: 'k', households });
    expect(price).toBeGreaterThan(1);
    expect(await refusal(PUSH, { key: 'k', households }, price)).toBeNull();
    expect(await refusal(PUSH, { key: 'k', households }, price - 1)).toBe(
      `The query would cost ${price}; the limit is ${price - 1} (a list costs its page size times its fields)`,
    );
    const ids = Array.from({ length: 40 }, (_, i) => String(i));
    expect(await cost(LOOKUP, { ids })).toBe(1 + 40 * 1);
  });

  it('leaves variables that do not coerce to execution, as before, however costly the selection', async () => {
    const bad = households.map((h, i) => (i === 7 ? { ...h, status: 'RICH' } : h));
    expect(await refusal(PUSH, { key: 'k', households: bad }, 0)).toBeNull();
  });
});
