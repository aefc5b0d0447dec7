import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, TOAST_ACTIVATOR_CLSID } from '../../src/main/app/model/app-identity';
import { QUIT_FLAG } from '../../src/main/app/model/launch-args';
import { loginItemFor } from '../../src/main/app/model/login-item';

// build/installer.nsh cannot run here (NSIS and Windows are needed): this checks that it hooks the macros
// electron-builder's templates really call, and that it names what the app really registers.

const root = path.resolve(import.meta.dirname, '../..');
const templates = path.join(root, 'node_modules/app-builder-lib/templates/nsis');

/** The body of `!macro name` … `!macroend`. */
function macro(script: string, name: string): string {
  const match = new RegExp(`^!macro ${name}\\s*$([\\s\\S]*?)^!macroend`, 'm').exec(script);
  if (!match?.[1]) throw new Error(`build/installer.nsh has no macro ${name}`);
  return match[1];
}

describe('the installer script (build/installer.nsh)', () => {
  let script: string;
  beforeAll(async () => {
    script = await readFile(path.join(root, 'build/installer.nsh'), 'utf8');
  });

  it("replaces electron-builder's kill of a running app with the app's own quit", async () => {
    const hook = await readFile(path.join(templates, 'include/allowOnlyOneInstallerInstance.nsh'), 'utf8');
    expect(hook).toMatch(/!ifmacrodef customCheckAppRunning\s+!insertmacro customCheckAppRunning/);
    const body = macro(script, 'customCheckAppRunning');
    expect(body).toContain(`ExecWait '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" ${QUIT_FLAG}'`);
    // It waits for the process to end, and never ends it itself.
    expect(body).toMatch(/tasklist[^\n]*IMAGENAME eq \$\{APP_EXECUTABLE_FILENAME\}/);
    expect(body).not.toMatch(/taskkill|Stop-Process|KILL_PROCESS/i);
  });

  it('removes the login entry and the toast activator on uninstall, but not on the uninstall of an upgrade', async () => {
    const hook = await readFile(path.join(templates, 'uninstaller.nsh'), 'utf8');
    expect(hook).toMatch(/!ifmacrodef customUnInstall\s+!insertmacro customUnInstall/);
    const body = macro(script, 'customUnInstall');
    expect(body.trim().startsWith(`\${ifNot} \${isUpdated}`)).toBe(true);
    // The value names the app writes (electron-builder defines APP_ID as the appId).
    expect(loginItemFor(true, { isPackaged: true, execPath: 'x' })?.name).toBe(APP_ID);
    expect(body).toContain(
      `DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "\${APP_ID}"`,
    );
    expect(body).toContain(
      `DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run" "\${APP_ID}"`,
    );
    expect(body).toContain(`DeleteRegKey HKCU "Software\\Classes\\CLSID\\${TOAST_ACTIVATOR_CLSID}"`);
  });
});
