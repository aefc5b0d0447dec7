import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Row, Scenario } from '../lib/context';
import { repoRoot } from '../lib/context';
import { closed, spawnDrained } from '../lib/processes';
import { median, ms, percentile, ratio } from '../lib/stats';

const TARGETS = { run: 1.5, validate: 1.3 } as const;
const CLI = join(repoRoot, 'out/cli/automation-hub.js');
// The cheapest real job; the job's own start is part of what `run` costs, as it is for a user.
const TRUE = ['/usr/bin/true', '/bin/true'].find((file) => existsSync(file));

/**
 * 8. Command-line start-up: `automation-hub run` of a trivial job (no hub running, so the command owns the data
 * folder for the run: history, journal, log) and `validate` of the same job file, each beside `node -e 0`, the
 * floor of any Node program. Interleaved in rotating order, so that drift in the machine's load hits all three
 * alike; the first rounds fill the command line's compile cache, as a user's first commands do.
 */
export const cliStart: Scenario = async (ctx) => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run bench builds it`);
  const rounds = ctx.quick ? 12 : 40;
  const warmup = 3;
  const dir = await ctx.tempDir('cli');
  const jobFile = join(dir, 'trivial.json');
  const command = TRUE ?? process.execPath;
  const args = TRUE ? [] : ['-e', '0'];
  await writeFile(jobFile, JSON.stringify({ name: 'Trivial', process: { command, arguments: args } }));
  const env = { ...process.env, AUTOMATION_HUB_HOME: join(dir, 'home') };
  const commands = {
    floor: ['-e', '0'],
    validate: [CLI, 'validate', jobFile],
    run: [CLI, 'run', jobFile],
  };
  const times: Record<keyof typeof commands, number[]> = { floor: [], validate: [], run: [] };
  const names = Object.keys(commands) as (keyof typeof commands)[];
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as keyof typeof commands;
      const t0 = performance.now();
      const child = spawnDrained(process.execPath, commands[name], { env });
      ctx.pids.add(child.pid);
      const code = await closed(child);
      const elapsed = performance.now() - t0;
      if (code !== 0) throw new Error(`cli start: ${name} exited ${code}`);
      if (round >= warmup) times[name].push(elapsed);
    }
  }
  const floor = median(times.floor);
  const row = (name: 'run' | 'validate', what: string): Row => {
    const r = median(times[name]) / floor;
    return {
      metric: `${what}, median`,
      hub: ms(median(times[name])),
      peer: ms(floor),
      ratio: ratio(r),
      target: `≤ ${TARGETS[name].toFixed(2)}×`,
      met: r <= TARGETS[name],
    };
  };
  return {
    id: 8,
    title: `Command-line start-up (${rounds} rounds)`,
    peer: '`node -e 0`',
    rows: [
      row('run', `\`run\` of a trivial job (${TRUE ?? 'node -e 0'})`),
      row('validate', '`validate` of its job file'),
      {
        metric: '`run` p90',
        hub: ms(percentile(times.run, 90)),
        peer: ms(percentile(times.floor, 90)),
        ratio: ratio(percentile(times.run, 90) / percentile(times.floor, 90)),
        target: '',
        met: null,
      },
    ],
    notes: [
      `Node ${process.version}: ${
        Number(process.versions.node.split('.')[0]) >= 22
          ? "Node's own compile cache"
          : 'the command line keeps compiled code itself (Node 20 has no compile cache)'
      }; no hub was running, so each \`run\` owned the data folder for its run.`,
    ],
    data: { rounds, warmup, ...times },
  };
};
