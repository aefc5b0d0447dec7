/** @jsxImportSource preact */
import type { JobProblem } from '../../shared/job-problem';

/**
 * One problem of a job file as the Jobs tab and the drop preview list it: where (`backup.json:5:23`), the field
 * (`process.timeoutMinutes`) and what is wrong, so both places read alike.
 */
export function ProblemItem({ fileName, problem }: { fileName: string; problem: JobProblem }) {
  const position =
    problem.line === undefined
      ? ''
      : `:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return (
    <li class="problem">
      <code class="problem-place">{`${fileName}${position}`}</code>
      {problem.field ? <code class="problem-field">{problem.field}</code> : null}
      <span class="problem-message">{problem.message}</span>
    </li>
  );
}
