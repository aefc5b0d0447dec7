// Scenarios, by FAKE_ELECTRON_SCENARIO: what the fake user (and Windows) do once the app is ready.
const scenarios = {
  main: () => import('./main.mjs'),
  toasts: () => import('./toasts.mjs'),
  'toast-restart': () => import('./toast-restart.mjs'),
  'session-end': () => import('./session-end.mjs'),
  'system-shutdown': () => import('./system-shutdown.mjs'),
  packaged: () => import('./packaged.mjs'),
  'quit-request': () => import('./quit-request.mjs'),
  'quit-command': () => import('./quit-command.mjs'),
};

export async function run(name) {
  const load = scenarios[name];
  if (!load) return; // 'none': the app runs on its own (startup errors, second instances)
  await (await load()).run();
}
