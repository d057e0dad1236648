// `npm run bench`: every benchmark, each figure beside a baseline measured in the same run.
import 'reflect-metadata';
import { runReadBench } from './read.bench';
import { runSeedBench } from './seed.bench';

async function main(): Promise<void> {
  const benches: Array<[string, () => Promise<string[]>]> = [
    ['seed', runSeedBench],
    ['read', runReadBench],
  ];
  for (const [name, run] of benches) {
    console.log(`== ${name}`);
    for (const line of await run()) console.log(line);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
