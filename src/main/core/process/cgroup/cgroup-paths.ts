import path from 'node:path';

/**
 * Where this process's cgroup v2 directory is, from /proc/self/mountinfo and /proc/self/cgroup; null when there
 * is no cgroup v2 hierarchy (cgroup v1 only, not Linux) or our cgroup is not under its mount (another
 * namespace's mount). Pure, so that hybrid hosts (v2 at /sys/fs/cgroup/unified), containers (a mount whose root
 * is our own cgroup) and systemd hosts can all be tested anywhere.
 */
export function ownCgroupDir(mountinfo: string, cgroupFile: string): string | null {
  const own = /^0::(\/.*)$/m.exec(cgroupFile)?.[1];
  if (own === undefined) return null;
  // A path ending in " (deleted)" is a cgroup removed under us: nothing can be created inside it.
  if (own.endsWith(' (deleted)')) return null;
  for (const line of mountinfo.split('\n')) {
    // id parent major:minor root mountpoint options [optional fields…] - fstype source superoptions
    const [before, after] = line.split(' - ');
    if (!before || !after || after.split(' ')[0] !== 'cgroup2') continue;
    const fields = before.split(' ');
    const root = unescapeMount(fields[3] ?? '');
    const mountPoint = unescapeMount(fields[4] ?? '');
    if (!root || !mountPoint) continue;
    const inside = path.posix.relative(root, own);
    if (inside.startsWith('..') || path.posix.isAbsolute(inside)) continue;
    return path.posix.join(mountPoint, inside);
  }
  return null;
}

// mountinfo escapes space, tab, newline and backslash as octal (\040 …).
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** The cgroup one run gets, inside the hub's own: the run id names it, so it is unique and can be found again. */
export function runCgroupName(runId: string): string {
  return `automation-hub-run-${runId.replace(/[^A-Za-z0-9-]/g, '_')}`;
}
