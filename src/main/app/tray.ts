import { Menu, type MenuItemConstructorOptions, type NativeImage, nativeImage, Tray } from 'electron';
import { type TrayIconName, trayIconFile } from './model/tray-icons';
import { type TrayAction, type TrayMenuItem, trayIconName, trayMenu, trayTooltip } from './model/tray-model';
import type { TrayState } from './model/tray-state';

export interface TrayOptions {
  assets: string;
  platform: NodeJS.Platform;
  /** The current state, read when the menu opens (so elapsed times are current). */
  state: () => TrayState;
  onAction: (action: TrayAction) => void;
  /** Left click: open the window. */
  onClick: () => void;
}

/** The tray icon, caprine-style: one small object. Every decision is in model/tray-model.ts. */
export interface TrayController {
  create(): void;
  update(): void;
  destroy(): void;
}

export function createTray(options: TrayOptions): TrayController {
  let tray: Tray | null = null;
  let shownIcon: TrayIconName | null = null;
  let shownTooltip = '';
  const images = new Map<TrayIconName, NativeImage>();

  const image = (name: TrayIconName): NativeImage => {
    let cached = images.get(name);
    if (!cached) {
      cached = nativeImage.createFromPath(trayIconFile(options.assets, name, options.platform));
      if (cached.isEmpty())
        console.error(`Automation Hub: tray image "${name}" is missing in ${options.assets}`);
      images.set(name, cached);
    }
    return cached;
  };

  const buildMenu = (): Menu =>
    Menu.buildFromTemplate(toTemplate(trayMenu(options.state(), Date.now()), options.onAction));

  const controller: TrayController = {
    create() {
      if (tray) return;
      const state = options.state();
      shownIcon = trayIconName(state);
      shownTooltip = trayTooltip(state);
      tray = new Tray(image(shownIcon));
      tray.setToolTip(shownTooltip);
      tray.on('click', options.onClick);
      if (options.platform === 'win32') {
        // Built at the moment it opens, so running times are current (a menu set in advance would show
        // the elapsed time of its last rebuild).
        tray.on('right-click', () => tray?.popUpContextMenu(buildMenu()));
      } else {
        // Linux' AppIndicator only shows a menu set in advance; update() keeps it fresh.
        tray.setContextMenu(buildMenu());
      }
    },
    update() {
      if (!tray) return;
      const state = options.state();
      const icon = trayIconName(state);
      if (icon !== shownIcon) {
        tray.setImage(image(icon));
        shownIcon = icon;
      }
      const tooltip = trayTooltip(state);
      if (tooltip !== shownTooltip) {
        tray.setToolTip(tooltip);
        shownTooltip = tooltip;
      }
      if (options.platform !== 'win32') tray.setContextMenu(buildMenu());
    },
    destroy() {
      tray?.destroy();
      tray = null;
    },
  };
  return controller;
}

/** Maps the plain menu description to Electron's template. */
function toTemplate(
  items: TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          click: () => onAction(item.action),
        };
      case 'submenu':
        return { label: item.label, submenu: toTemplate(item.items, onAction) };
      default:
        return { label: item.label, enabled: item.enabled ?? true, click: () => onAction(item.action) };
    }
  });
}
