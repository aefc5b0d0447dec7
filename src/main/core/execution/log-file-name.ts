/** Sortable, unique, readable and safe on every file system: 20261129-031502-nightly-export-<runId>.log */
export function logFileName(startTime: Date, jobName: string, runId: string): string {
  const stamp = startTime.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = jobName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${stamp}-${slug || 'job'}-${runId}.log`;
}
