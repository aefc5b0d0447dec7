import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessExecutionService } from '../../../../src/main/core/execution/process-execution-service';
import { withTriggerFile } from '../../../../src/main/core/hub/file-argument';
import type { JobDefinition } from '../../../../src/shared/job-schema';
import { useTempDirs } from '../../../helpers/temp';

const tempDir = useTempDirs();
const service = new ProcessExecutionService();

// A real file with a hostile name arrives; the job, a real process, reports the argv it received.
// `{script}` in the arguments is a script that prints the arguments it was given.
async function argvFor(name: string, args: string | string[]): Promise<string[]> {
  const inbox = await tempDir();
  const script = join(await tempDir(), 'print-argv.mjs');
  await writeFile(script, 'console.log(JSON.stringify(process.argv.slice(2)))\n');
  const withScript =
    typeof args === 'string'
      ? args.replace('{script}', script)
      : args.map((a) => a.replace('{script}', script));
  const file = join(inbox, name);
  await writeFile(file, 'a,b\n');
  const job = {
    name: 'Import',
    process: { command: process.execPath, arguments: withScript },
  } as JobDefinition;
  const result = await service.execute('Import', withTriggerFile(job, file).process);
  expect(result.message).toMatch(/^completed/);
  return JSON.parse(result.outputTail) as string[];
}

describe.skipIf(process.platform === 'win32')('a trigger file reaches a real job as one argument', () => {
  it.each([
    'x" "--checkpoint-action=exec=sh evil.sh" "y.csv',
    "x' '--checkpoint-action=exec=sh evil.sh' 'y.csv",
    'a b $(touch pwned) `id` & | ; < > ^ % ! \\.csv',
    '-rf',
    'line\nbreak.csv',
    "a$&b$'c.csv",
  ])('%j in a string that quotes "{file}", as the README advises', async (name) => {
    const argv = await argvFor(name, '{script} --in "{file}" --mode fast');
    expect(argv).toEqual(['--in', expect.stringMatching(/^\//), '--mode', 'fast']);
    expect((argv[1] as string).endsWith(`/${name}`)).toBe(true);
  });

  it('in a string without quotes, and in a list', async () => {
    const name = 'x" "--checkpoint-action=exec=sh evil.sh" "y.csv';
    const bare = await argvFor(name, '{script} {file}');
    expect(bare).toHaveLength(1);
    expect(bare[0]?.endsWith(`/${name}`)).toBe(true);
    const list = await argvFor(name, ['{script}', '--in={file}']);
    expect(list).toHaveLength(1);
    expect(list[0]?.endsWith(`/${name}`)).toBe(true);
  });
});
