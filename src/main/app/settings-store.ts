import ElectronStore from 'electron-store';
import type { CreateConf } from '../core/store/json-store';

/**
 * The app's settings store: electron-store (conf with Electron's defaults) over the hub's settings.json, with
 * the hub's own options: the same file, zod schema and atomic writes the CLI uses through conf. electron-store
 * names the file `name` where conf says `configName`.
 */
export const electronSettingsStore: CreateConf = ({ configName, ...options }) =>
  new ElectronStore<Record<string, unknown>>({ ...options, name: configName ?? 'settings' });
