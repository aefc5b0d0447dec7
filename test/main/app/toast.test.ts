import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseToastActivation,
  toastIsGone,
  toastLaunchArguments,
  toastXml,
  xmlText,
} from '../../../src/main/app/model/toast';
import { parseToastXml } from './fake-electron/toast-xml.mjs';

describe('toast launch arguments', () => {
  it('carry the toast and its run through Windows and back', () => {
    const activation = { toastId: '2f1c-9', runId: 'run & co=1' };
    const args = toastLaunchArguments(activation);
    expect(args).toBe('type=click&tag=2f1c-9&run=run%20%26%20co%3D1');
    expect(parseToastActivation(args)).toEqual(activation);
    expect(parseToastActivation(toastLaunchArguments({ toastId: 't', runId: null }))).toEqual({
      toastId: 't',
      runId: null,
    });
  });

  it('are refused when they are not ours', () => {
    for (const args of ['', 'type=action&action=0&tag=x', 'type=click', 'tag=x', 'type=click&tag=%E0%A4%A']) {
      expect(parseToastActivation(args), args).toBeNull();
    }
  });
});

describe('toast XML', () => {
  it('is well-formed whatever the text holds, and launches the run', () => {
    const xml = toastXml({
      title: '✗ <Backup> & "friends"',
      body: `exit 1 · \u0007bell \ud800 lone \u0000nul 'quoted'`,
      activation: { toastId: 'id-1', runId: 'run-1' },
      logoPng: '/opt/hub/assets/icon.png',
    });
    const parsed = parseToastXml(xml);
    expect(parsed).toEqual({
      ok: true,
      launch: 'type=click&tag=id-1&run=run-1',
      texts: ['✗ <Backup> & "friends"', "exit 1 ·  bell   lone  nul 'quoted'"],
    });
    expect(xml).toContain('activationType="foreground"');
    const logo = pathToFileURL('/opt/hub/assets/icon.png').href;
    expect(xml).toContain(`<image placement="appLogoOverride" src="${logo}"/>`);
  });

  it('escapes what XML reserves and drops what it forbids (the fake refuses unescaped text, as Windows does)', () => {
    expect(xmlText(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(parseToastXml('<toast><visual><text>a & b</text></visual></toast>').ok).toBe(false);
    expect(parseToastXml('<toast><visual><text>\u0007</text></visual></toast>').ok).toBe(false);
    expect(parseToastXml('<toast><visual><text>x</visual></toast>').ok).toBe(false);
  });
});

describe('toasts in Action Center', () => {
  it('are kept after `timedOut` (moved to Action Center), let go when dismissed', () => {
    expect(toastIsGone('timedOut')).toBe(false);
    expect(toastIsGone('userCanceled')).toBe(true);
    expect(toastIsGone('applicationHidden')).toBe(true);
    expect(toastIsGone(undefined)).toBe(true);
  });
});
