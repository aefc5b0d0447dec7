import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessTracker } from '../helpers/processes';
import { readPidsNow } from '../helpers/processes';
import { startWindowsCli, type WindowsRun, windowsNode, windowsPath } from '../helpers/wine';

/** A file of test/windows/fixtures as the Windows side names it. */
export function windowsFixture(name: string): string {
  return windowsPath(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));
}

/** Writes a job file; `bom` and `crlf` write it the way Notepad does. */
export async function writeJob(
  dir: string,
  job: object,
  { name = 'job.json', bom = false, crlf = false } = {},
): Promise<string> {
  let text = JSON.stringify(job, null, 2);
  if (crlf) text = text.replaceAll('\n', '\r\n');
  const file = path.join(dir, name);
  await writeFile(file, `${bom ? '\uFEFF' : ''}${text}`);
  return file;
}

/** A job running the Windows Node on `args` (a Windows .exe, the way users run programs). */
export function nodeJob(name: string, args: string[], extra: object = {}): object {
  return { name, process: { command: windowsNode, arguments: args, ...extra } };
}

/**
 * A job running fixtures/tree.cjs: its process and a detached grandchild, both writing their pids (each first
 * burning `cpuMs` of CPU).
 */
export function treeJob(
  name: string,
  pidsFile: string,
  mode: 'stay' | 'exit',
  extra: object = {},
  cpuMs = 0,
): object {
  return nodeJob(name, [windowsFixture('tree.cjs'), windowsPath(pidsFile), mode, String(cpuMs)], extra);
}

/** `automation-hub run <job> --log-dir <dir>/logs [extra]` on the Windows side. */
export async function runJob(
  dir: string,
  file: string,
  tracker: ProcessTracker,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<WindowsRun> {
  const logs = path.join(dir, 'logs');
  await mkdir(logs, { recursive: true });
  return startWindowsCli(['run', windowsPath(file), '--log-dir', windowsPath(logs), ...extra], {
    cwd: dir,
    env,
    tracker,
  });
}

/** The Windows pids a tree job reported so far. */
export function treePids(pidsFile: string): number[] {
  return readPidsNow(pidsFile);
}
