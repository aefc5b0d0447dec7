import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The command line switches zod's compiled parsers off for one-shot commands through the global zod reads its
// configuration from as it loads (src/main/cli/automation-hub.ts), so that loading zod stays in the command's chunk.
describe('zod as the command line loads it', () => {
  it('takes its configuration from the global set before it loads', () => {
    const probe = `
      globalThis.__zod_globalConfig = { jitless: true };
      const { config } = require('zod');
      process.stdout.write(JSON.stringify({ jitless: config().jitless }));
    `;
    const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ jitless: true });
  });
});
