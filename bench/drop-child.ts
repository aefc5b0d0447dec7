// The file writer of scenario 5, in a process of its own so that the process under test cannot slow its own
// input (a hub busy in the writer's process would write fewer files per second and look faster than it is):
//   node bench/out/drop-child.js <folder> <count> <ratePerSecond>
// Writes drop-00000.txt … at a steady rate and prints one JSON line: each file with the epoch time (ms, from
// performance.timeOrigin, comparable across processes) its write completed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [folder = '', countText = '0', rateText = '100'] = process.argv.slice(2);
const count = Number(countText);
const rate = Number(rateText);

async function main(): Promise<void> {
  const written: [string, number][] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const file = join(folder, `drop-${String(i).padStart(5, '0')}.txt`);
    await writeFile(file, `file ${i}\n`);
    written.push([file, performance.timeOrigin + performance.now()]);
  }
  process.stdout.write(`${JSON.stringify({ written, seconds: (performance.now() - t0) / 1000 })}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
