// Every test file gets a data folder of its own as the default (AUTOMATION_HUB_HOME), so a command run without
// --data never touches the real user's folder, and test files running side by side never share a hub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'hub-home-'));
process.env.AUTOMATION_HUB_HOME = home;
afterAll(() => rmSync(home, { recursive: true, force: true }));
