import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PidLedger } from './processes';

/** One line of the results table. `met` is null for rows that are information, not a target. */
export interface Row {
  metric: string;
  hub: string;
  peer: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

export interface ScenarioResult {
  id: number;
  title: string;
  /** What the peer is, in a few words. */
  peer: string;
  rows: Row[];
  /** Explanations shown under the table: misses with their measured cause, caveats. */
  notes: string[];
  /** Raw numbers for results.json. */
  data: Record<string, unknown>;
  /** Processes checked after the scenario, and those found alive (killed by the harness). */
  cleanup?: { checked: number; orphans: number[] };
  seconds?: number;
}

export interface BenchContext {
  quick: boolean;
  /** Every process the scenario starts goes here; the harness sweeps it after the scenario. */
  pids: PidLedger;
  /** A fresh temp dir, removed after the scenario. */
  tempDir(name: string): Promise<string>;
  log(message: string): void;
}

export type Scenario = (ctx: BenchContext) => Promise<Omit<ScenarioResult, 'cleanup' | 'seconds'>>;

/** Repository paths, resolved from this file (bench/out/*.js or bench/lib/*.ts: both two levels down). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/scripts', name);
export const benchOut = path.join(repoRoot, 'bench/out');

/** A context whose temp dirs are removed by `dispose`. */
export function createContext(quick: boolean, log: (message: string) => void) {
  const dirs: string[] = [];
  const ctx: BenchContext = {
    quick,
    pids: new PidLedger(),
    async tempDir(name) {
      const dir = await mkdtemp(path.join(tmpdir(), `ah-bench-${name}-`));
      dirs.push(dir);
      return dir;
    },
    log,
  };
  const dispose = async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  };
  return { ctx, dispose };
}
