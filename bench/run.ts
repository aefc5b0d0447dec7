// npm run bench [-- --quick] [-- --only 1,3]: every scenario side by side with its peer; prints the table. A full
// run of all scenarios writes bench/results.json and rewrites the results section of docs/benchmarks.md; a quick
// or partial run writes bench/out/results.json only, so it never replaces published numbers.
//
// Each group of scenarios runs in a fresh worker process (this file with --worker): spawn() costs grow with
// the parent's memory, so one scenario's leftovers (heap, RSS) must not slow the next one's processes.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createContext, repoRoot, type Scenario, type ScenarioResult } from './lib/context';
import { machineInfo } from './lib/machine';
import { renderMachine, renderNotes, renderTable, rewriteBetweenMarkers } from './lib/report';
import { cliStart } from './scenarios/cli-start';
import { fanOut } from './scenarios/fanout';
import { fileTrigger } from './scenarios/file-trigger';
import { outputFlood } from './scenarios/flood';
import { idle } from './scenarios/idle';
import { launchOverhead } from './scenarios/launch';
import { responsiveness } from './scenarios/responsiveness';
import { timeoutPrecision } from './scenarios/timeout';
import { windowsTimeout } from './scenarios/windows-timeout';

const scenarios = new Map<number, [string, Scenario]>([
  [1, ['launch overhead', launchOverhead]],
  [2, ['fan-out', fanOut]],
  [3, ['timeout precision', timeoutPrecision]],
  [4, ['output flood', outputFlood]],
  [5, ['file trigger', fileTrigger]],
  [6, ['idle', idle]],
  [7, ['responsiveness', responsiveness]],
  [8, ['command-line start-up', cliStart]],
  [9, ['timeout precision under Wine', windowsTimeout]],
]);
/** Worker processes, in order. 7 shares 2's worker: it reports the event-loop delay of 2's rounds. */
const groups = [[1], [2, 7], [3], [4], [5], [6], [8], [9]];

const MISSED_NOTE =
  'Target missed: the measured cause is under "What the benchmark changed, and the targets still missed" in docs/benchmarks.md.';

function logger(startedAt: number): (message: string) => void {
  return (message) =>
    console.error(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${message}`);
}

/** Runs scenarios in this process and returns their results; never throws for a failing scenario. */
async function runScenarios(ids: number[], quick: boolean, log: (message: string) => void) {
  const results: ScenarioResult[] = [];
  for (const id of ids) {
    const [name, scenario] = scenarios.get(id) ?? [];
    if (!name || !scenario) continue;
    log(`${id}. ${name}…`);
    const { ctx, dispose } = createContext(quick, (message) => log(`  ${message}`));
    const t0 = performance.now();
    try {
      const result: ScenarioResult = await scenario(ctx);
      if (result.rows.some((row) => row.met === false)) result.notes.push(MISSED_NOTE);
      result.cleanup = await ctx.pids.sweep();
      result.seconds = (performance.now() - t0) / 1000;
      results.push(result);
      log(`${id}. done in ${result.seconds.toFixed(1)} s (${result.cleanup.orphans.length} left behind)`);
    } catch (error) {
      const cleanup = await ctx.pids.sweep();
      log(`${id}. FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      results.push(failed(id, name, String(error), cleanup));
    } finally {
      await dispose();
    }
  }
  return results;
}

function failed(
  id: number,
  title: string,
  message: string,
  cleanup?: ScenarioResult['cleanup'],
): ScenarioResult {
  return {
    id,
    title,
    peer: '',
    rows: [{ metric: 'scenario failed', hub: message, peer: '', ratio: '', target: '', met: false }],
    notes: [],
    data: {},
    ...(cleanup ? { cleanup } : {}),
  };
}

/** Runs one group in a fresh worker process; its results come back through a temp file. */
async function runWorker(ids: number[], quick: boolean, startedAt: number): Promise<ScenarioResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ah-bench-worker-'));
  const out = path.join(dir, 'results.json');
  try {
    const args = ['--expose-gc', fileURLToPath(import.meta.url), '--worker', ids.join(','), '--out', out];
    args.push('--started-at', String(startedAt));
    if (quick) args.push('--quick');
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    const text = await readFile(out, 'utf8').catch(() => null);
    if (code !== 0 || text === null) {
      return ids.map((id) => failed(id, scenarios.get(id)?.[0] ?? '', `worker exited ${code}`));
    }
    return JSON.parse(text) as ScenarioResult[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-docs': { type: 'boolean', default: false },
      worker: { type: 'string' },
      out: { type: 'string' },
      'started-at': { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');

  if (values.worker) {
    const log = logger(Number(values['started-at'] ?? Date.now()));
    const results = await runScenarios(values.worker.split(',').map(Number), quick, log);
    await writeFile(values.out ?? '/dev/stdout', JSON.stringify(results));
    return;
  }

  const only = values.only ? new Set(values.only.split(',').map(Number)) : null;
  const machine = machineInfo();
  const startedAt = Date.now();
  const log = logger(startedAt);
  log(
    `${quick ? 'quick' : 'full'} run on ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}`,
  );
  const results: ScenarioResult[] = [];
  for (const group of groups) {
    const ids = group.filter((id) => !only || only.has(id));
    if (ids.length > 0) results.push(...(await runWorker(ids, quick, startedAt)));
  }
  results.sort((a, b) => a.id - b.id);

  const seconds = (Date.now() - startedAt) / 1000;
  const table = renderTable(results);
  const notes = renderNotes(results);
  const machineText = renderMachine(machine, quick, seconds);
  console.log(`\n${machineText}\n\n${table}\n\n${notes}\n`);

  // Only a full run of every scenario replaces the published results; others go to the build folder.
  const complete = !quick && !only;
  const resultsFile = path.join(repoRoot, complete ? 'bench/results.json' : 'bench/out/results.json');
  await writeFile(resultsFile, `${JSON.stringify({ machine, quick, seconds, results }, null, 2)}\n`);
  log(`wrote ${path.relative(repoRoot, resultsFile)}`);
  if (complete && !values['no-docs']) {
    const docs = path.join(repoRoot, 'docs/benchmarks.md');
    const ok = await rewriteBetweenMarkers(docs, `${machineText}\n\n${table}\n\n${notes}`);
    log(
      ok
        ? `updated ${path.relative(repoRoot, docs)}`
        : 'docs/benchmarks.md has no result markers: not updated',
    );
  } else {
    log('quick or partial run: docs/benchmarks.md left unchanged');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
