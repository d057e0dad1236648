// `npm run bench`: every benchmark, each figure beside a baseline measured in the same run.
// Seed, push, reconciliation and growth share one registry: seeded to 1M members, pushed into, topped up to 2M (8M for growth).
// Intake alone (`npm run bench -- intake`, no worker) is the reconcile bench's upload, quick to repeat; it runs only when named.
// Growth runs only when named (`npm run bench -- growth`): it seeds 6M more members and reconciles 5.25M records, too long for every run.
import 'reflect-metadata';
import { openBenchDatabase } from './bench-database';
import { runConsoleBench } from './console.bench';
import { runDataQualityBench } from './data-quality.bench';
import { runEventsBench } from './events.bench';
import { runEventsSseBench } from './events-sse.bench';
import { runFilesExportBench } from './files-export.bench';
import { FILES_RECORDS, runFilesBench } from './files.bench';
import { runFundsBench } from './funds.bench';
import { runGrowthBench } from './growth.bench';
import { runIntakeBench } from './intake.bench';
import { MATCH_PER_KIND, runMatchBench } from './match.bench';
import { startBenchHub } from './bench-hub';
import { runPeerBench } from './peer.bench';
import { runPolicyBench } from './policy.bench';
import { runProtectionsBench } from './protections.bench';
import { runPushBench } from './push.bench';
import { runReadBench } from './read.bench';
import { runRecordsBench } from './records.bench';
import { runReconcileBench } from './reconcile.bench';
import { runSeedBench } from './seed.bench';

function print(name: string, lines: string[]): void {
  console.log(`== ${name}`);
  for (const line of lines) console.log(line);
}

/** A whole number given as `--name=N`, else `fallback`. */
function countArg(args: string[], name: string, fallback: number): number {
  const n = Number(args.find((a) => a.startsWith(`${name}=`))?.split('=')[1] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a whole number of records`);
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = new Set(args.filter((a) => !a.startsWith('--')));
  // `--files-records=N`: a smaller files part, quick to repeat; `--match-per-kind=N`: records of each case kind of the matching set.
  const filesRecords = countArg(args, '--files-records', FILES_RECORDS);
  const matchPerKind = countArg(args, '--match-per-kind', MATCH_PER_KIND);
  const wanted = (name: string) => only.size === 0 || only.has(name);
  if (wanted('seed') || wanted('push') || wanted('reconcile') || only.has('growth')) {
    const db = await openBenchDatabase('hub_bench');
    try {
      print('seed', await runSeedBench(db));
      const hub = await startBenchHub(db);
      try {
        if (wanted('push')) print('push', await runPushBench(db.orm, Number(new URL(hub.url).port), await hub.token('P52')));
        if (wanted('reconcile')) print('reconcile', await runReconcileBench(db, hub));
        if (only.has('growth')) print('growth', await runGrowthBench(db, hub));
      } finally {
        await hub.close();
      }
    } finally {
      await db.close();
    }
  }
  if (only.has('intake')) print('intake', await runIntakeBench());
  if (wanted('read')) print('read', await runReadBench());
  if (wanted('records')) print('records', await runRecordsBench());
  if (wanted('match')) print('match', await runMatchBench(matchPerKind));
  if (wanted('dq')) print('dq', await runDataQualityBench());
  if (wanted('policy')) print('policy', await runPolicyBench());
  if (wanted('protections')) print('protections', await runProtectionsBench());
  if (wanted('peer')) print('peer', await runPeerBench());
  if (wanted('funds')) print('funds', await runFundsBench());
  if (wanted('events')) print('events', await runEventsBench());
  if (wanted('events') || only.has('events-sse')) print('events-sse', await runEventsSseBench());
  if (wanted('console')) print('console', await runConsoleBench());
  if (wanted('files')) print('files', [...(await runFilesBench(filesRecords)), ...(await runFilesExportBench({ csvRecords: filesRecords }))]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
