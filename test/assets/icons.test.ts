import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ICON_SIZES,
  APP_PNG_SIZE,
  ASSETS_DIR,
  decodeIco,
  decodePng,
  staleIcons,
  TRAY_SIZES,
  TRAY_VARIANTS,
} from '../../scripts/make-icons.mjs';
import { TRAY_ICON_NAMES, trayIconFile } from '../../src/main/app/model/tray-icons';

const assets = path.resolve(import.meta.dirname, '../../assets');

describe('icons in assets/', () => {
  it('has every tray image the tray model can name: .ico for Windows, .png and @2x.png elsewhere', async () => {
    for (const name of TRAY_ICON_NAMES) {
      await access(trayIconFile(assets, name, 'win32'));
      await access(trayIconFile(assets, name, 'linux'));
      await access(path.join(assets, 'tray', `${name}@2x.png`));
    }
  });

  it('draws exactly the variants the tray model names', () => {
    expect([...TRAY_VARIANTS].sort()).toEqual([...TRAY_ICON_NAMES].sort());
    expect(ASSETS_DIR).toBe(assets);
  });

  it('has tray .ico files with a frame for each display scale from 100 to 200 %, and matching PNGs', async () => {
    expect(TRAY_SIZES).toEqual([16, 20, 24, 32, 40, 48]);
    for (const name of TRAY_ICON_NAMES) {
      const images = decodeIco(await readFile(path.join(assets, 'tray', `${name}.ico`)));
      expect(images.map((image) => [image.width, image.height])).toEqual(TRAY_SIZES.map((s) => [s, s]));
      expect(decodePng(await readFile(path.join(assets, 'tray', `${name}.png`))).width).toBe(16);
      expect(decodePng(await readFile(path.join(assets, 'tray', `${name}@2x.png`))).width).toBe(32);
    }
  });

  it('gives each tray variant its own picture', async () => {
    const pictures = await Promise.all(
      TRAY_ICON_NAMES.map(async (name) =>
        Buffer.from(decodePng(await readFile(path.join(assets, 'tray', `${name}.png`))).rgba).toString(
          'base64',
        ),
      ),
    );
    expect(new Set(pictures).size).toBe(TRAY_ICON_NAMES.length);
  });

  it('has the app icon: .ico with 16–256 px, and a 512 px .png', async () => {
    expect(APP_ICON_SIZES).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const images = decodeIco(await readFile(path.join(assets, 'icon.ico')));
    expect(images.map((image) => [image.width, image.height])).toEqual(APP_ICON_SIZES.map((s) => [s, s]));
    const png = decodePng(await readFile(path.join(assets, 'icon.png')));
    expect([png.width, png.height]).toEqual([APP_PNG_SIZE, APP_PNG_SIZE]);
    // Opaque in the middle, transparent in the rounded corner.
    const alpha = (x: number, y: number) => png.rgba[(y * png.width + x) * 4 + 3];
    expect(alpha(256, 256)).toBe(255);
    expect(alpha(0, 0)).toBe(0);
  });

  it('is what assets/icon.svg gives (run `npm run icons` after editing it)', async () => {
    expect(await staleIcons(assets)).toEqual([]);
  });
});
