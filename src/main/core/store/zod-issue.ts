import type { $ZodError } from 'zod/v4/core';

/** `runs.0.status: Invalid option …`: the first problem with its place, enough to find the spot in a file. */
export function firstIssue(error: $ZodError): string {
  const issue = error.issues[0];
  if (!issue) return error.message;
  const where = issue.path.map(String).join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where ? `${where}: ` : ''}${issue.message}${more}`;
}
