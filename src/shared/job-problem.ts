// What is wrong with a job file, and how it is printed: apart from the schema, so that code which only reports
// problems (the command line, the hub's notices) does not load it.

/** One thing wrong with a job file, precise enough to find and fix it: `file:line:column: field: message`. */
export interface JobProblem {
  file: string;
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

/** `jobs/backup.json:3:5: process.timeoutMinutes: must be ≥ 0 (got -5)`, leaving out the parts a problem lacks. */
export function formatProblem(problem: JobProblem): string {
  let where = problem.file;
  if (problem.line !== undefined) {
    where += `:${problem.line}`;
    if (problem.column !== undefined) where += `:${problem.column}`;
  }
  return [where, problem.field, problem.message]
    .filter((part) => part !== undefined && part !== '')
    .join(': ');
}
