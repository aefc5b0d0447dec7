// What the fake Electron records (fake.trace, written as JSON to FAKE_ELECTRON_TRACE when the process ends)
// and the live objects a scenario drives. Misuse the real Electron would punish differently (or silently)
// is recorded in trace.violations; the tests require it to stay empty.
import { writeFileSync } from 'node:fs';

export const fake = {
  trace: {
    paths: {},
    lockData: [],
    appUserModelId: null,
    toastActivatorCLSID: null,
    applicationMenu: 'unset',
    loginItemCalls: [],
    loginRegistry: null,
    errorBoxes: [],
    messageBoxes: [],
    opened: [],
    ipcListeners: [],
    lifecycle: [],
    toastFailures: [],
    violations: [],
    steps: {},
    scenarioError: null,
    exitCode: null,
    exitHow: null,
  },
  ready: false,
  windows: [],
  trays: [],
  menus: [],
  handlers: new Map(),
};

let finished = false;

/** Ends the process the way Electron would, writing the trace first. */
export function finish(code, how) {
  if (finished) return;
  finished = true;
  fake.trace.exitCode = code;
  fake.trace.exitHow = how;
  writeFileSync(process.env.FAKE_ELECTRON_TRACE, JSON.stringify(fake.trace, null, 2));
  process.exit(code);
}

/** Records a use of the API that the real Electron (or Windows) would not go along with. */
export function violation(text) {
  fake.trace.violations.push(text);
}

/** An Electron-style event object (preventDefault, defaultPrevented), with extra fields. */
export function electronEvent(fields = {}) {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

// A scenario that hangs must not hang the test.
setTimeout(() => {
  fake.trace.scenarioError ??= 'fake electron: timed out';
  finish(99, 'timeout');
}, 50_000).unref();
