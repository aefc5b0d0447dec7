// docs/systemd/automation-hub.service: what it promises (docs/linux-server.md), and its syntax as systemd reads it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const UNIT = resolve(import.meta.dirname, '../../docs/systemd/automation-hub.service');
const text = readFileSync(UNIT, 'utf8');

/** Section → key → values, as systemd reads a unit file (comments and blank lines skipped). */
function parseUnit(source: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section?.[1]) {
      current = new Map();
      sections.set(section[1], current);
      continue;
    }
    const [key = '', ...value] = line.split('=');
    if (!current) throw new Error(`${line}: outside a section`);
    current.set(key.trim(), [...(current.get(key.trim()) ?? []), value.join('=').trim()]);
  }
  return sections;
}

// systemd-analyze ships with systemd; a machine without it (macOS, Windows, a slim container) cannot check.
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const hasAnalyze = analyze.status === 0;

describe('the systemd user unit for the daemon', () => {
  const unit = parseUnit(text);
  const service = unit.get('Service');

  it('runs the built command line as a daemon, in the user’s session, started at boot with lingering', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(service?.get('ExecStart')).toEqual([
      '/usr/bin/node %h/.local/lib/automation-hub/automation-hub.js daemon',
    ]);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['default.target']);
  });

  it('stops the way the daemon records runs as cancelled: SIGTERM to the daemon alone, time for the grace period', () => {
    expect(service?.get('KillMode')).toEqual(['mixed']);
    expect(Number(service?.get('TimeoutStopSec')?.[0])).toBeGreaterThanOrEqual(30);
    expect(service?.get('Restart')).toEqual(['on-failure']);
  });

  it.skipIf(!hasAnalyze)(
    'passes systemd-analyze verify without a warning (skipped where systemd is not installed)',
    async () => {
      // verify checks that ExecStart's program exists: point it at this machine's node; the rest is the file as is.
      const dir = await tempDir();
      const copy = join(dir, 'automation-hub.service');
      await writeFile(copy, text.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));
      // System mode: --user needs a running user manager, which a build machine may not have; the syntax is one.
      const verify = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
      expect(verify.stderr).toBe('');
      expect(verify.status).toBe(0);
    },
  );

  it.skipIf(!hasAnalyze)('would catch a mistake: systemd-analyze warns about a misspelt key', async () => {
    const dir = await tempDir();
    const copy = join(dir, 'automation-hub.service');
    const broken = text
      .replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `)
      .replace('KillMode=', 'KilMode=');
    await writeFile(copy, broken);
    const verify = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    expect(verify.stderr).toContain("Unknown key 'KilMode'");
  });
});
