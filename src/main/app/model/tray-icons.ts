import path from 'node:path';

/** Badge counts drawn as their own digit; more running jobs show "9+". */
export const MAX_BADGE_COUNT = 9;

/** The tray's images: scripts/make-icons.mjs draws one per name into assets/tray/. */
export type TrayIconName = 'idle' | 'attention' | `running-${number}` | 'running-9plus';

/** Every name `trayIconName` can return; test/assets checks that each file exists. */
export const TRAY_ICON_NAMES: readonly TrayIconName[] = [
  'idle',
  ...Array.from({ length: MAX_BADGE_COUNT }, (_, i): TrayIconName => `running-${i + 1}`),
  'running-9plus',
  'attention',
];

/**
 * The file for a tray image. Windows gets the .ico (16–48 px inside, one per display scale);
 * elsewhere the 16 px .png, next to which Electron finds `name@2x.png` for high-DPI screens by itself.
 */
export function trayIconFile(assets: string, name: TrayIconName, platform: NodeJS.Platform): string {
  return path.join(assets, 'tray', platform === 'win32' ? `${name}.ico` : `${name}.png`);
}
