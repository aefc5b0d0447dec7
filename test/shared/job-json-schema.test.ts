import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaCommand } from '../../src/main/cli/commands/schema';
import { jobJsonSchema } from '../../src/shared/job-json-schema';

const committedPath = fileURLToPath(new URL('../../job.schema.json', import.meta.url));

describe('job.schema.json', () => {
  it('matches the zod schema', () => {
    let text: string;
    try {
      text = readFileSync(committedPath, 'utf8');
    } catch (error) {
      throw new Error('job.schema.json is missing: run npm run schema (and commit the result)', {
        cause: error,
      });
    }
    const committed: unknown = JSON.parse(text);
    expect(committed, 'job.schema.json is stale: run npm run schema (and commit the result)').toEqual(
      jobJsonSchema(),
    );
  });
});

describe('jobJsonSchema', () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validate = ajv.compile(jobJsonSchema());
  const job = (extra: Record<string, unknown> = {}, process: Record<string, unknown> = {}) => ({
    name: 'Nightly export',
    process: { command: 'C:/scripts/export.bat', ...process },
    ...extra,
  });

  it('is a titled draft-07 schema without $id, so files can point at it by relative path', () => {
    const schema = jobJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Automation Hub job');
    expect(schema).not.toHaveProperty('$id');
  });

  it('accepts the design example, including its "$schema" property', () => {
    const example = job(
      { $schema: '../job.schema.json', triggers: [{ type: 'schedule', cron: '0 2 * * 1-5' }] },
      {
        arguments: '--input data.txt',
        workingDirectory: 'C:/workspace',
        timeoutMinutes: 30,
        environment: { MY_VAR: 'value' },
      },
    );
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the zod schema rejects, so editors flag it while typing', () => {
    const rejected = [
      job({}, { timeoutMinuts: 5 }),
      job({}, { timeoutMinutes: -5 }),
      job({}, { timeoutMinutes: '30' }),
      job({}, { command: 'C:\temp\run.bat' }),
      job({ stuckAfterMinutes: 0 }),
      job({ triggers: [{ type: 'cron', cron: '0 2 * * *' }] }),
      job({ concurrency: 'Skip' }),
      { name: 'x', process: {} },
    ];
    for (const value of rejected) expect(validate(value), JSON.stringify(value)).toBe(false);
  });
});

describe('schemaCommand', () => {
  it('prints the schema as pretty JSON with a final newline and exits 0', () => {
    let stdout = '';
    const code = schemaCommand([], { stdout: (text) => (stdout += text), stderr: () => {} });
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(jobJsonSchema(), null, 2)}\n`);
  });
});
