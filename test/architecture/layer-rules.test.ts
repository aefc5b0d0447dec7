import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp';

const root = path.resolve(import.meta.dirname, '../..');
const biome = path.join(root, 'node_modules/@biomejs/biome/bin/biome');
const tempDir = useTempDirs();

/** One file in a layer and what Biome must say about its one import: a message fragment, or nothing. */
interface Probe {
  file: string;
  code: string;
  expected: RegExp | null;
}

const NODE = /never import Node built-ins.*docs\/architecture\.md/;
const MAIN = /never import src\/main.*docs\/architecture\.md/;
const APP = /never import the app.*docs\/architecture\.md/;
const CLI = /never import the CLI.*docs\/architecture\.md/;
const ELECTRON = /never import 'electron'.*docs\/architecture\.md/;
const PRELOAD = /The preload imports only Electron.*docs\/architecture\.md/;
// What would cost every command its start: core and the command line reach these through core's own modules.
const START = /every command.*docs\/benchmarks\.md/;

const probes: Probe[] = [
  // Core and shared never import app or cli.
  { file: 'src/main/core/hub/p1.ts', code: "import { x } from '../../app/model/paths';", expected: APP },
  { file: 'src/main/core/p2.ts', code: "export { x } from '../app/main';", expected: APP },
  { file: 'src/main/core/store/p3.ts', code: "import type { X } from '../../cli/io';", expected: CLI },
  { file: 'src/main/core/jobs/p4.ts', code: "const m = await import('../../cli/main');", expected: CLI },
  { file: 'src/shared/p5.ts', code: "import { x } from '../main/app/model/paths';", expected: MAIN },
  { file: 'src/shared/p6.ts', code: "import type { X } from '../main/cli/io';", expected: MAIN },
  { file: 'src/shared/p7.ts', code: "import { x } from '../main/core/errors';", expected: MAIN },
  // Shared and renderer never import Node, by node: or by bare name.
  { file: 'src/shared/p8.ts', code: "import { readFile } from 'node:fs/promises';", expected: NODE },
  { file: 'src/shared/p9.ts', code: "import path from 'path';", expected: NODE },
  { file: 'src/shared/p10.ts', code: "import { readFile } from 'fs/promises';", expected: NODE },
  { file: 'src/renderer/p11.tsx', code: "import { EventEmitter } from 'node:events';", expected: NODE },
  { file: 'src/renderer/views/p12.tsx', code: "import { spawn } from 'child_process';", expected: NODE },
  { file: 'src/renderer/state/p13.ts', code: "import type { Stats } from 'fs';", expected: NODE },
  // The renderer never imports main.
  { file: 'src/renderer/p14.ts', code: "import { Hub } from '../main/core/hub/hub';", expected: MAIN },
  {
    file: 'src/renderer/views/p15.tsx',
    code: "import { x } from '../../main/app/model/paths';",
    expected: MAIN,
  },
  // The CLI never imports the app; the preload imports neither the app nor core.
  { file: 'src/main/cli/commands/p16.ts', code: "import { x } from '../../app/app-shell';", expected: APP },
  { file: 'src/main/cli/p17.ts', code: "import { x } from '../app/model/paths';", expected: APP },
  { file: 'src/main/preload/p18.ts', code: "import { x } from '../app/notifier';", expected: APP },
  { file: 'src/main/preload/p19.ts', code: "import { Hub } from '../core/hub/hub';", expected: PRELOAD },
  // Only the app and the preload import electron.
  { file: 'src/main/core/p20.ts', code: "import { app } from 'electron';", expected: ELECTRON },
  { file: 'src/shared/p21.ts', code: "import type { App } from 'electron';", expected: ELECTRON },
  { file: 'src/main/cli/p22.ts', code: "import { app } from 'electron';", expected: ELECTRON },
  { file: 'src/renderer/p23.ts', code: "import { ipcRenderer } from 'electron';", expected: ELECTRON },
  { file: 'test/p24.test.ts', code: "import { app } from 'electron';", expected: ELECTRON },
  // Core and the command line never load what slows every command's start.
  { file: 'src/main/core/p38.ts', code: "import { randomUUID } from 'node:crypto';", expected: START },
  { file: 'src/main/cli/p39.ts', code: "import { performance } from 'node:perf_hooks';", expected: START },
  { file: 'src/main/core/store/p41.ts', code: "import { randomBytes } from 'crypto';", expected: START },
  {
    file: 'src/main/cli/commands/p42.ts',
    code: "import { randomUUID } from 'node:crypto';",
    expected: START,
  },
  { file: 'src/main/core/p43.ts', code: "import { performance } from 'perf_hooks';", expected: START },
  // …nor reach them through the globals that load them (Biome's JSON report leaves out the rule's own words).
  {
    file: 'src/main/core/clock/p44.ts',
    code: 'const now = performance.now();',
    expected: /global variable performance/,
  },
  {
    file: 'src/main/cli/p45.ts',
    code: 'const id = crypto.randomUUID();',
    expected: /global variable crypto/,
  },
  { file: 'src/main/app/p46.ts', code: 'const now = performance.now();', expected: null },
  { file: 'src/main/app/p40.ts', code: "import { randomUUID } from 'node:crypto';", expected: null },
  // What the layers may import stays allowed.
  { file: 'src/main/app/p25.ts', code: "import { app } from 'electron';", expected: null },
  { file: 'src/main/app/p26.ts', code: "import { Hub } from '../core/hub/hub';", expected: null },
  { file: 'src/main/app/p27.ts', code: "import { x } from './model/paths';", expected: null },
  { file: 'src/main/app/model/p28.ts', code: "import path from 'node:path';", expected: null },
  { file: 'src/main/preload/p29.ts', code: "import { ipcRenderer } from 'electron';", expected: null },
  { file: 'src/main/preload/p30.ts', code: "import { x } from '../../shared/ipc-channels';", expected: null },
  { file: 'src/main/core/p31.ts', code: "import { readFile } from 'node:fs/promises';", expected: null },
  { file: 'src/main/core/hub/p32.ts', code: "import { x } from '../../../shared/format';", expected: null },
  { file: 'src/main/cli/p33.ts', code: "import { Hub } from '../core/hub/hub';", expected: null },
  { file: 'src/renderer/p34.tsx', code: "import { App } from './app';", expected: null },
  { file: 'src/renderer/p35.ts', code: "import { x } from '../shared/format';", expected: null },
  { file: 'src/renderer/p36.ts', code: "import { render } from 'preact';", expected: null },
  { file: 'src/shared/p37.ts', code: "import { z } from 'zod';", expected: null },
];

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string };
}

let diagnostics: Diagnostic[] = [];

/**
 * Lints the probes with the project's own biome.json in a scratch folder laid out like the repository (the
 * overrides match by path), so nothing is written into src/. The scratch folder is no git checkout: the
 * config's `vcs` section (which reads .gitignore) is left out, nothing else changes.
 */
beforeAll(async () => {
  const dir = await tempDir();
  const config = JSON.parse(await readFile(path.join(root, 'biome.json'), 'utf8'));
  delete config.vcs;
  delete config.$schema;
  await writeFile(path.join(dir, 'biome.json'), JSON.stringify(config));
  for (const probe of probes) {
    await mkdir(path.dirname(path.join(dir, probe.file)), { recursive: true });
    await writeFile(path.join(dir, probe.file), `${probe.code}\n\nexport {};\n`);
  }
  const run = await promisify(execFile)(
    process.execPath,
    [biome, 'lint', '--reporter=json', '--max-diagnostics=none', ...probes.map((p) => p.file)],
    { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  diagnostics = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter(
    (d) => d.category === 'lint/style/noRestrictedImports' || d.category === 'lint/style/noRestrictedGlobals',
  );
}, 60_000);

describe('layer rules (biome.json noRestrictedImports, noRestrictedGlobals)', () => {
  it.each(probes)('$file: $code', (probe) => {
    // Biome reports Windows paths with backslashes.
    const messages = diagnostics
      .filter((d) => d.location.path.replaceAll('\\', '/') === probe.file)
      .map((d) => d.message);
    if (probe.expected === null) expect(messages).toEqual([]);
    else expect(messages).toEqual([expect.stringMatching(probe.expected)]);
  });

  it("names every Node built-in of this Node's list in the rule for shared code and the window", async () => {
    const config = JSON.parse(await readFile(path.join(root, 'biome.json'), 'utf8'));
    const override = config.overrides.find((o: { includes: string[] }) =>
      o.includes.includes('src/renderer/**'),
    );
    const groups: string[] = override.linter.rules.style.noRestrictedImports.options.patterns.flatMap(
      (p: { group: string[] }) => p.group,
    );
    const topLevel = [
      ...new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.split('/')[0])),
    ];
    const missing = topLevel.filter(
      (name) =>
        !name?.startsWith('node:') && !(groups.includes(name as string) && groups.includes(`${name}/**`)),
    );
    expect(missing).toEqual([]);
  });
});
