import { jobJsonSchema } from '../../../shared/job-json-schema';
import { type CliIO, EXIT_OK } from '../io';

/** `automation-hub schema`: prints job.schema.json, so `npm run schema` and users regenerate it from the same code. */
export function schemaCommand(io: CliIO): number {
  io.stdout(`${JSON.stringify(jobJsonSchema(), null, 2)}\n`);
  return EXIT_OK;
}
