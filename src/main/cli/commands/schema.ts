import { jobJsonSchema } from '../../../shared/job-json-schema';
import { type CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { parseOptions } from '../parse-options';

/** `schema --help`, and what a wrong call prints. */
export const SCHEMA_USAGE = `Usage: automation-hub schema

Prints the JSON Schema of job files on stdout (job.schema.json). Point a job file's "$schema" at a saved copy
and editors such as VS Code complete and check its fields:
  automation-hub schema > job.schema.json
`;

/** `automation-hub schema`: prints job.schema.json, so `npm run schema` and users regenerate it from the same code. */
export function schemaCommand(argv: string[], io: CliIO): number {
  const parsed = parseOptions({ args: argv, options: {} }, SCHEMA_USAGE, io);
  if (!parsed) return EXIT_USAGE;
  io.stdout(`${JSON.stringify(jobJsonSchema(), null, 2)}\n`);
  return EXIT_OK;
}
