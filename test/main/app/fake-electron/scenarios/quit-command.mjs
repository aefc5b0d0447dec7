// `automation-hub quit` (or a second app started with --quit) while a job runs: the request reaches the app over
// the hub's local channel, and the app quits the usual way (asking about the running job; the test answers).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fake } from '../electron.mjs';
import { find, openMenu, trayImage, until } from './helpers.mjs';

const CLI = path.resolve(import.meta.dirname, '../../../../../out/cli/automation-hub.js');

export async function run() {
  await until('the tray', () => fake.trays.length > 0);
  find(find(openMenu(), 'Run now').submenu, 'Sleeps').click();
  await until('the job to run', () => trayImage().startsWith('running-1.'));
  execFile(process.execPath, [CLI, 'quit', '--data', process.env.AUTOMATION_HUB_HOME ?? ''], () => {});
}
