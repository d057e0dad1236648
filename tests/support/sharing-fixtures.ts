import type { TestHub } from './test-hub';

export const MATCHED = `query($sector: Sector!, $first: Int, $after: String, $filter: MatchedHouseholdFilter) {
  matchedHouseholds(sector: $sector, first: $first, after: $after, filter: $filter) {
    edges { node {
      household { registryNo villageCode countyCode provinceCode status primaryCause annualIncomePerCapita housingSafe drinkingWaterSafe
        events { type }
        members { idNumber name sex birthDate relationship ethnicity education inSchool health disabilityLevel labourCapacity
          migrantWorker medicalInsured pensionInsured receivesDibao status } }
      matches { batchId period rowNo outcome discrepancyKinds member { idNumber name } } } }
    pageInfo { hasNextPage endCursor } } }`;

export type SharedMember = Record<string, unknown> & { idNumber: string | null; name: string | null };
export type SharedHousehold = Record<string, unknown> & { registryNo: string | null; members: SharedMember[] };
export type MatchedNode = {
  household: SharedHousehold;
  matches: Array<{ rowNo: number; outcome: string; discrepancyKinds: string[]; member: SharedMember | null }>;
};
export type MatchedPage = { matchedHouseholds: { edges: Array<{ node: MatchedNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** A read through the hub with the response's `extensions.redactedFields`. */
export async function readShared<T>(hub: TestHub, tenant: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await hub.gql<T>(tenant, query, variables);
  if (!res.body.data || res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  const redacted = ((res.body as { extensions?: { redactedFields?: string[] } }).extensions?.redactedFields ?? []) as string[];
  return { data: res.body.data, redacted };
}

/** `520102************`: the region kept, nothing after it. */
export const MASKED = /^\d{6}\*{12}$/;
