import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * `npm run test:unit`: the fast loop. Every test file except those that open a browser, need the build
 * (`out/`), run Windows binaries under Wine, or play out scenarios with real processes and real timers (a tree
 * kill, a crash, a schedule firing): those run in `npm test` only. A new test belongs to the fast loop unless it
 * is one of those; then list it here.
 */
const SCENARIOS = [
  // A browser, the build, Wine.
  'test/renderer/**',
  'test/windows/**',
  'test/packaging/preload-bundle.test.ts',
  // Runs scripts/check-start.mjs as npm start does, against a download mirror on a local port.
  'test/packaging/check-start.test.ts',
  // Runs systemd-analyze on the documented unit.
  'test/packaging/systemd-unit.test.ts',
  'test/main/app/main-process.test.ts',
  'test/main/app/window-security.test.ts',
  'test/main/cli/run.test.ts',
  'test/main/cli/daemon.test.ts',
  'test/main/cli/handoff.test.ts',
  'test/main/cli/signals.test.ts',
  'test/main/cli/control.test.ts',
  'test/main/cli/private-files.test.ts',
  'test/main/cli/terminal-escapes.test.ts',
  'test/main/app/session-end.test.ts',
  'test/main/app/toasts-through-restarts.test.ts',
  'test/main/app/packaged-app.test.ts',
  // Real processes: launched, killed, recovered after a crash, racing for a lock.
  'test/reliability/**',
  'test/main/core/hub/hub.test.ts',
  'test/main/core/hub/crash-recovery.test.ts',
  'test/main/core/execution/process-execution-service.test.ts',
  'test/main/core/execution/resource-limits.test.ts',
  'test/main/core/execution/run-containment.test.ts',
  'test/main/core/orchestrator/job-execution-orchestrator.test.ts',
  'test/main/core/process/kill-tree.test.ts',
  'test/main/core/process/run-containment.test.ts',
  'test/main/core/process/kill-tree-reuse.test.ts',
  'test/main/core/process/process-table.test.ts',
  'test/main/core/process/windows.test.ts',
  'test/main/core/store/data-dir-lock.test.ts',
  // Real timers and file watchers waiting for schedules, intervals, clock jumps and arriving files.
  'test/main/core/triggers/file-trigger.test.ts',
  'test/main/core/triggers/shared-folder-watch.test.ts',
  'test/main/core/triggers/schedule.test.ts',
  'test/main/core/triggers/interval.test.ts',
  'test/main/core/triggers/clock-watch.test.ts',
  'test/main/core/clock/awake-clock.test.ts',
  'test/main/core/monitor/process-monitor.test.ts',
  'test/main/core/hub/session-end.test.ts',
];

export default mergeConfig(base, defineConfig({ test: { exclude: ['**/node_modules/**', ...SCENARIOS] } }));
