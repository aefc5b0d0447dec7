import { describe, expect, it } from 'vitest';
import { ownCgroupDir, runCgroupName } from '../../../../../src/main/core/process/cgroup/cgroup-paths';

const line = (root: string, mountPoint: string, fstype: string) =>
  `30 25 0:26 ${root} ${mountPoint} rw,nosuid,nodev,noexec,relatime shared:4 - ${fstype} ${fstype} rw`;

describe('ownCgroupDir', () => {
  it('finds a systemd host cgroup under the v2 mount at /sys/fs/cgroup', () => {
    const mountinfo = [line('/', '/proc', 'proc'), line('/', '/sys/fs/cgroup', 'cgroup2')].join('\n');
    const cgroup = '0::/user.slice/user-1000.slice/user@1000.service/app.slice/automation-hub.service\n';
    expect(ownCgroupDir(mountinfo, cgroup)).toBe(
      '/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/automation-hub.service',
    );
  });

  it('finds the v2 hierarchy of a hybrid host at /sys/fs/cgroup/unified, ignoring the v1 controllers', () => {
    const mountinfo = [
      line('/', '/sys/fs/cgroup/memory', 'cgroup'),
      line('/', '/sys/fs/cgroup/unified', 'cgroup2'),
    ].join('\n');
    expect(ownCgroupDir(mountinfo, '4:memory:/x\n0::/\n')).toBe('/sys/fs/cgroup/unified');
  });

  it('maps a container whose cgroup mount is rooted at its own cgroup', () => {
    const mountinfo = line('/docker/abc', '/sys/fs/cgroup', 'cgroup2');
    expect(ownCgroupDir(mountinfo, '0::/docker/abc/inner\n')).toBe('/sys/fs/cgroup/inner');
  });

  it('answers null without a v2 hierarchy, outside the mount, or for a deleted cgroup', () => {
    expect(ownCgroupDir(line('/', '/sys/fs/cgroup/cpu', 'cgroup'), '1:cpu:/\n')).toBeNull();
    expect(ownCgroupDir(line('/docker/abc', '/sys/fs/cgroup', 'cgroup2'), '0::/elsewhere\n')).toBeNull();
    expect(ownCgroupDir(line('/', '/sys/fs/cgroup', 'cgroup2'), '0::/gone (deleted)\n')).toBeNull();
  });

  it('reads mount points with escaped spaces', () => {
    expect(ownCgroupDir(line('/', '/mnt/my\\040cgroups', 'cgroup2'), '0::/a\n')).toBe('/mnt/my cgroups/a');
  });
});

describe('runCgroupName', () => {
  it('names the run, with nothing that could climb out of the folder', () => {
    expect(runCgroupName('1f2e3d4c-aaaa')).toBe('automation-hub-run-1f2e3d4c-aaaa');
    expect(runCgroupName('../x/y')).toBe('automation-hub-run-___x_y');
  });
});
