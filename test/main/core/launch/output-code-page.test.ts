import { describe, expect, it } from 'vitest';
import { oemCodePageForLocale, systemOemCodePage } from '../../../../src/main/core/launch/oem-code-page';
import { type LaunchContext, planLaunch } from '../../../../src/main/core/launch/plan-launch';

describe('planLaunch: outputCodePage', () => {
  const CMD = 'C:\\Windows\\System32\\cmd.exe';
  const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
  const files = [
    CMD,
    POWERSHELL,
    'C:\\scripts\\job.bat',
    'C:\\scripts\\job.ps1',
    'C:\\tools\\robocopy.exe',
    'C:\\tools\\pwsh.exe',
  ];
  const windows = (env: Record<string, string> = {}, oemCodePage: number | null = 850): LaunchContext => ({
    platform: 'win32',
    env: { ComSpec: CMD, SystemRoot: 'C:\\Windows', Path: 'C:\\Windows\\System32;C:\\tools', ...env },
    cwd: 'C:\\work',
    isFile: (path) => files.some((file) => file.toLowerCase() === path.toLowerCase()),
    ...(oemCodePage === null ? {} : { oemCodePage }),
  });

  it.each<[string, string, number | null]>([
    ['a batch file (cmd.exe writes the console code page)', 'C:\\scripts\\job.bat', 850],
    ['a PowerShell script (Windows PowerShell 5.1 does too)', 'C:\\scripts\\job.ps1', 850],
    ['cmd.exe run directly', 'cmd', 850],
    ['powershell.exe run directly', POWERSHELL, 850],
    ['a program writes what it writes: UTF-8 only', 'robocopy', null],
    ['PowerShell 7 writes UTF-8', 'pwsh', null],
  ])('%s', (_name, command, expected) => {
    expect(planLaunch(command, [], windows()).outputCodePage).toBe(expected);
  });

  it('is UTF-8 only on POSIX, and for a ComSpec that is not cmd.exe', () => {
    const posix: LaunchContext = {
      platform: 'linux',
      env: {},
      cwd: '/',
      isFile: () => true,
      isExecutable: () => true,
    };
    expect(planLaunch('/bin/sh', [], posix).outputCodePage).toBeNull();
    const tcc = windows({ ComSpec: 'C:\\tools\\tcc.exe' });
    expect(planLaunch('C:\\scripts\\job.bat', [], tcc).outputCodePage).toBeNull();
  });

  it("uses the app's locale when no code page is given", () => {
    expect(planLaunch('C:\\scripts\\job.bat', [], windows({}, null)).outputCodePage).toBe(
      systemOemCodePage(),
    );
    expect(systemOemCodePage()).toBe(oemCodePageForLocale(Intl.DateTimeFormat().resolvedOptions().locale));
  });
});

describe('oemCodePageForLocale', () => {
  it.each<[string, number]>([
    ['en-US', 437],
    ['en', 437],
    ['en-IN', 437],
    ['en-GB', 850],
    ['de-DE', 850],
    ['de-CH', 850],
    ['fr-CA', 850],
    ['pt-BR', 850],
    ['nb-NO', 850],
    ['pl-PL', 852],
    ['cs-CZ', 852],
    ['sr-Latn-RS', 852],
    ['sr-Cyrl-RS', 855],
    ['ru-RU', 866],
    ['uk-UA', 866],
    ['el-GR', 737],
    ['lt-LT', 775],
    ['tr-TR', 857],
    ['az-Cyrl-AZ', 866],
    ['he-IL', 862],
    ['ar-SA', 720],
    ['th-TH', 874],
    ['vi-VN', 1258],
    ['ja-JP', 932],
    ['zh-CN', 936],
    ['zh-Hans-SG', 936],
    ['zh-TW', 950],
    ['zh-Hant-HK', 950],
    ['ko-KR', 949],
    ['de_AT', 850],
    ['hi-IN', 437],
    ['', 437],
  ])('%s → %i', (locale, expected) => {
    expect(oemCodePageForLocale(locale)).toBe(expected);
  });
});
