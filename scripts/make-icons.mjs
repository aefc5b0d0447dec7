#!/usr/bin/env node
// Renders every icon from assets/icon.svg: the app icon (icon.ico 16–256 px, icon.png 512 px) and the tray
// images (assets/tray/<variant>.ico with 16–48 px, <variant>.png and <variant>@2x.png), where each
// running/attention variant adds a badge drawn here on a 16-unit grid, so digits land on whole pixels.
//
//   npm run icons            writes the files
//   npm run icons -- --check exits 1 if a committed file differs from what the SVG gives
//
// No dependencies: make-icons.raster.mjs draws the SVG subset the icon uses, make-icons.files.mjs writes
// (and reads back) PNG and ICO files on node:zlib.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeIco, decodePng, encodeIco, encodePng } from './make-icons.files.mjs';
import { color, parseSvg, rasterize } from './make-icons.raster.mjs';

export { decodeIco, decodePng, encodeIco, encodePng, parseSvg, rasterize };

export const ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets');
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const APP_PNG_SIZE = 512;
/**
 * The tray .ico's frames: Windows picks the one for the display's scale (16 px at 100 %, 20 at 125 %, 24 at
 * 150 %, 32 at 200 %, and 40, 48 for the larger icons some tray hosts draw) instead of scaling a 32 px one
 * down to a blur.
 */
export const TRAY_SIZES = [16, 20, 24, 32, 40, 48];
/** Must match TRAY_ICON_NAMES in src/main/app/model/tray-icons.ts (test/assets checks). */
export const TRAY_VARIANTS = [
  'idle',
  ...Array.from({ length: 9 }, (_, i) => `running-${i + 1}`),
  'running-9plus',
  'attention',
];

// ---- badges ----------------------------------------------------------------------------------------------

// 3×5 pixel glyphs: at 16 px each cell is one pixel, at 32 px two. Hand-drawn digits read at 16 px where
// a font's would blur.
const GLYPHS = {
  0: ['111', '101', '101', '101', '111'],
  1: ['010', '110', '010', '010', '111'],
  2: ['111', '001', '111', '100', '111'],
  3: ['111', '001', '111', '001', '111'],
  4: ['101', '101', '111', '001', '001'],
  5: ['111', '100', '111', '001', '111'],
  6: ['111', '100', '111', '101', '111'],
  7: ['111', '001', '010', '010', '010'],
  8: ['111', '101', '111', '101', '111'],
  9: ['111', '101', '111', '001', '111'],
  '+': ['000', '010', '111', '010', '000'],
  '!': ['1', '1', '1', '0', '1'],
};
const GREEN = color('#15803d', 1);
const RED = color('#dc2626', 1);
const WHITE = color('#ffffff', 1);

/** The badge of a tray variant, in 16ths of the icon: a disc (a pill for "9+") cut out of the icon. */
export function badgeShapes(variant, unit) {
  if (variant === 'idle') return [];
  const text =
    variant === 'attention' ? '!' : variant === 'running-9plus' ? '9+' : variant.slice('running-'.length);
  if (!/^(\d|9\+|!)$/.test(text)) throw new Error(`unknown tray variant ${variant}`);
  const fill = variant === 'attention' ? RED : GREEN;
  const u = (value) => value * unit;
  // Glyphs are 5 cells high on rows 9–13; a lone glyph sits on column 10 (3 wide) or 11 (1 wide), "9+" on 7–13.
  const wide = text.length > 1;
  const badge = wide
    ? { type: 'rect', x: u(5), y: u(7), w: u(11), h: u(9), r: u(4.5) }
    : { type: 'circle', cx: u(11.5), cy: u(11.5), r: u(4.5) };
  const cutout = wide
    ? { type: 'rect', x: u(4), y: u(6), w: u(13), h: u(11), r: u(5.5), clear: true, fill: WHITE }
    : { type: 'circle', cx: u(11.5), cy: u(11.5), r: u(5.5), clear: true, fill: WHITE };
  const shapes = [cutout, { ...badge, fill }];
  let column = wide ? 7 : text === '!' ? 11 : 10;
  for (const char of text) {
    const rows = GLYPHS[char];
    shapes.push({ type: 'cells', x: u(column), y: u(9), cell: unit, rows, fill: WHITE });
    column += rows[0].length + 1;
  }
  return shapes;
}

// ---- the files -------------------------------------------------------------------------------------------

/** Every icon file, as path (relative to assets/) → { images (what it shows), bytes }. */
export function renderIcons(svgText) {
  const svg = parseSvg(svgText);
  const unit = svg.width / 16;
  const files = new Map();
  const appImages = APP_ICON_SIZES.map((size) => rasterize(svg, svg.shapes, size));
  files.set('icon.ico', { images: appImages, bytes: encodeIco(appImages) });
  const big = rasterize(svg, svg.shapes, APP_PNG_SIZE);
  files.set('icon.png', { images: [big], bytes: encodePng(big) });
  for (const variant of TRAY_VARIANTS) {
    const shapes = [...svg.shapes, ...badgeShapes(variant, unit)];
    const frames = TRAY_SIZES.map((size) => rasterize(svg, shapes, size));
    files.set(`tray/${variant}.ico`, { images: frames, bytes: encodeIco(frames) });
    // Elsewhere: the 16 px PNG, and its @2x for high-DPI screens.
    const [small, large] = [16, 32].map((size) => frames[TRAY_SIZES.indexOf(size)]);
    files.set(`tray/${variant}.png`, { images: [small], bytes: encodePng(small) });
    files.set(`tray/${variant}@2x.png`, { images: [large], bytes: encodePng(large) });
  }
  return files;
}

/** The images a committed icon file holds (for comparing pixels: zlib versions may compress differently). */
export function readIconFile(name, bytes) {
  return name.endsWith('.ico') ? decodeIco(bytes) : [decodePng(bytes)];
}

/** Files whose committed pixels differ from what the SVG gives (missing files included). */
export async function staleIcons(assets = ASSETS_DIR) {
  const files = renderIcons(await readFile(path.join(assets, 'icon.svg'), 'utf8'));
  const stale = [];
  for (const [name, { images }] of files) {
    const committed = await readFile(path.join(assets, name)).catch(() => null);
    if (!committed || !sameImages(readIconFile(name, committed), images)) stale.push(name);
  }
  return stale;
}

function sameImages(a, b) {
  return (
    a.length === b.length &&
    a.every(
      (image, i) => image.width === b[i].width && Buffer.from(image.rgba).equals(Buffer.from(b[i].rgba)),
    )
  );
}

async function main(argv) {
  if (argv.includes('--check')) {
    const stale = await staleIcons();
    if (stale.length > 0) {
      console.error(`Out of date (run npm run icons): ${stale.join(', ')}`);
      return 1;
    }
    console.log('Icons are up to date.');
    return 0;
  }
  const files = renderIcons(await readFile(path.join(ASSETS_DIR, 'icon.svg'), 'utf8'));
  await mkdir(path.join(ASSETS_DIR, 'tray'), { recursive: true });
  for (const [name, { bytes }] of files) await writeFile(path.join(ASSETS_DIR, name), bytes);
  console.log(`Wrote ${files.size} files to ${ASSETS_DIR}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
