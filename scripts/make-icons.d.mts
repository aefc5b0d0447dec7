// Types for scripts/make-icons.mjs (a plain Node script, imported by test/assets).

export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export const ASSETS_DIR: string;
export const APP_ICON_SIZES: number[];
export const APP_PNG_SIZE: number;
export const TRAY_SIZES: number[];
export const TRAY_VARIANTS: string[];

export function parseSvg(text: string): {
  minX: number;
  minY: number;
  width: number;
  height: number;
  shapes: unknown[];
};
export function badgeShapes(variant: string, unit: number): unknown[];
export function rasterize(svg: ReturnType<typeof parseSvg>, shapes: unknown[], size: number): RgbaImage;
export function encodePng(image: RgbaImage): Buffer;
export function decodePng(bytes: Uint8Array): RgbaImage;
export function encodeIco(images: RgbaImage[]): Buffer;
export function decodeIco(bytes: Uint8Array): RgbaImage[];
export function renderIcons(svgText: string): Map<string, { images: RgbaImage[]; bytes: Buffer }>;
export function readIconFile(name: string, bytes: Uint8Array): RgbaImage[];
export function staleIcons(assets?: string): Promise<string[]>;
