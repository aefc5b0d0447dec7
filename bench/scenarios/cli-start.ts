import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Row, Scenario } from '../lib/context';
import { repoRoot } from '../lib/context';
import { closed, spawnDrained } from '../lib/processes';
import { median, ms, percentile, ratio } from '../lib/stats';

const TARGETS = { run: 1.5, validate: 1.3 } as const;
const CLI = join(repoRoot, 'out/cli/automation-hub.js');
// Only the work a run cannot leave out, bare (see the file): what the hub's own code adds is the rest.
const BARE = join(repoRoot, 'bench/bare-run.cjs');
// The cheapest real job; the job's own start is part of what `run` costs, as it is for a user.
const TRUE = ['/usr/bin/true', '/bin/true'].find((file) => existsSync(file));

/**
 * 8. Command-line start-up: `automation-hub run` of a trivial job (no hub running, so the command owns the data
 * folder for the run: history, journal, log) and `validate` of the same job file, each beside `node -e 0`, the
 * floor of any Node program, and beside bench/bare-run.cjs, which does only the work a run cannot leave out.
 * Interleaved in rotating order, so that drift in the machine's load hits all of them alike; the first rounds fill
 * the command line's compile cache, as a user's first commands do.
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
  const env: NodeJS.ProcessEnv = { ...process.env, AUTOMATION_HUB_HOME: join(dir, 'home') };
  // Where NODE_EXTRA_CA_CERTS is set, Node parses those certificates as any process starts, `node -e 0` too
  // (docs/benchmarks.md, O): the floor and `run` are also measured without it, for machines that do not set it.
  const { NODE_EXTRA_CA_CERTS: extraCerts, ...withoutCerts } = env;
  const commands: Record<string, { args: string[]; env: NodeJS.ProcessEnv }> = {
    floor: { args: ['-e', '0'], env },
    validate: { args: [CLI, 'validate', jobFile], env },
    run: { args: [CLI, 'run', jobFile], env },
    bare: { args: [BARE, jobFile, join(dir, 'bare')], env },
    ...(extraCerts
      ? {
          floorWithoutCerts: { args: ['-e', '0'], env: withoutCerts },
          runWithoutCerts: { args: [CLI, 'run', jobFile], env: withoutCerts },
        }
      : {}),
  };
  const names = Object.keys(commands);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as string;
      const { args, env } = commands[name] as { args: string[]; env: NodeJS.ProcessEnv };
      const t0 = performance.now();
      const child = spawnDrained(process.execPath, args, { env });
      ctx.pids.add(child.pid);
      const code = await closed(child);
      const elapsed = performance.now() - t0;
      if (code !== 0) throw new Error(`cli start: ${name} exited ${code}`);
      if (round >= warmup) times[name]?.push(elapsed);
    }
  }
  const of = (name: string): number[] => times[name] ?? [];
  const floor = median(of('floor'));
  const row = (name: 'run' | 'validate', what: string): Row => {
    const r = median(of(name)) / floor;
    return {
      metric: `${what}, median`,
      hub: ms(median(of(name))),
      peer: ms(floor),
      ratio: ratio(r),
      target: `≤ ${TARGETS[name].toFixed(2)}×`,
      met: r <= TARGETS[name],
    };
  };
  const info = (metric: string, hub: number, peer?: number): Row => ({
    metric,
    hub: ms(hub),
    peer: peer === undefined ? '' : ms(peer),
    ratio: peer === undefined ? '' : ratio(hub / peer),
    target: '',
    met: null,
  });
  const withoutCertsRows = extraCerts
    ? [
        info(
          '`run` with NODE_EXTRA_CA_CERTS unset, beside `node -e 0` so, median',
          median(of('runWithoutCerts')),
          median(of('floorWithoutCerts')),
        ),
      ]
    : [];
  return {
    id: 8,
    title: `Command-line start-up (${rounds} rounds)`,
    peer: '`node -e 0`',
    rows: [
      row('run', `\`run\` of a trivial job (${TRUE ?? 'node -e 0'})`),
      row('validate', '`validate` of its job file'),
      info('`run` p90', percentile(of('run'), 90), percentile(of('floor'), 90)),
      info('`run` over `node -e 0`, median difference', median(of('run')) - floor),
      info('the work a run cannot leave out, bare (bench/bare-run.cjs), median', median(of('bare')), floor),
      ...withoutCertsRows,
    ],
    notes: [
      `Node ${process.version}: ${
        Number(process.versions.node.split('.')[0]) >= 22
          ? "Node's own compile cache"
          : 'the command line keeps compiled code itself (Node 20 has no compile cache)'
      }; no hub was running, so each \`run\` owned the data folder for its run.`,
      ...(extraCerts
        ? [
            'NODE_EXTRA_CA_CERTS is set on this machine: every Node process, `node -e 0` included, reads and parses those certificates as it starts (docs/benchmarks.md, O). That lengthens the floor, not what `run` adds to it, so the ratios above are lower than on a machine without it; the row measured with it unset gives both.',
          ]
        : []),
    ],
    data: { rounds, warmup, ...times },
  };
};
