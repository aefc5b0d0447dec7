import { z } from 'zod';
import { jobSchema } from './job-schema';

/**
 * The JSON Schema editors use to complete and check job files (job.schema.json), generated from
 * the zod schema so the two cannot disagree. It describes what a user may write (`io: 'input'`:
 * fields with defaults are optional). Draft-07 rather than zod's default 2020-12: every editor
 * that reads JSON Schemas understands it (Visual Studio's JSON editor and older VS Code and
 * JetBrains releases do not fully support 2020-12), and this schema needs nothing newer. No `$id`:
 * job files point at the schema by relative path ("$schema": "../job.schema.json").
 */
export function jobJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(jobSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Automation Hub job',
    description: 'A job for Automation Hub: what to run ("process") and, optionally, when ("triggers").',
    ...rest,
  };
}
