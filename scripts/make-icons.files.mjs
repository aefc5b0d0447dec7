// PNG and ICO writers (and readers, for the check that committed icons match the SVG) of
// scripts/make-icons.mjs, on node:zlib alone.
import { crc32, deflateSync, inflateSync } from 'node:zlib';

// ---- PNG and ICO -----------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG; every row uses filter 0 (none), which keeps the reader below trivial. */
export function encodePng({ width, height, rgba }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Reads a PNG written by encodePng (8-bit RGBA, filter 0), for the --check comparison and the tests. */
export function decodePng(bytes) {
  const buffer = Buffer.from(bytes);
  if (!buffer.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const data = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0)
        throw new Error('PNG is not 8-bit RGBA, non-interlaced');
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    if (raw[row] !== 0) throw new Error('PNG row uses a filter: not written by make-icons');
    rgba.set(raw.subarray(row + 1, row + 1 + width * 4), y * width * 4);
  }
  return { width, height, rgba };
}

/**
 * An .ico: 32-bit BMP entries below 256 px (every Windows component reads those; NSIS and old shell code
 * choke on PNG-compressed small entries) and a PNG entry at 256 px, as Windows' own icons do.
 */
export function encodeIco(images) {
  const sorted = [...images].sort((a, b) => a.width - b.width);
  const payloads = sorted.map((image) => (image.width >= 256 ? encodePng(image) : bmpEntry(image)));
  const header = Buffer.alloc(6 + 16 * sorted.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((image, i) => {
    const at = 6 + 16 * i;
    header[at] = image.width >= 256 ? 0 : image.width;
    header[at + 1] = image.height >= 256 ? 0 : image.height;
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(payloads[i].length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += payloads[i].length;
  });
  return Buffer.concat([header, ...payloads]);
}

function bmpEntry({ width, height, rgba }) {
  const maskStride = Math.ceil(width / 32) * 4;
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(width, 4);
  info.writeInt32LE(height * 2, 8); // colour rows + mask rows
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y; // bottom-up
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = (row * width + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
      if (rgba[from + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([info, pixels, mask]);
}

/** The images of an .ico written by encodeIco, smallest first. */
export function decodeIco(bytes) {
  const buffer = Buffer.from(bytes);
  if (buffer.readUInt16LE(2) !== 1) throw new Error('not an icon file');
  return Array.from({ length: buffer.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const data = buffer.subarray(
      buffer.readUInt32LE(at + 12),
      buffer.readUInt32LE(at + 12) + buffer.readUInt32LE(at + 8),
    );
    if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return decodePng(data);
    const width = data.readInt32LE(4);
    const height = data.readInt32LE(8) / 2;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = 40 + ((height - 1 - y) * width + x) * 4;
        rgba.set([data[from + 2], data[from + 1], data[from], data[from + 3]], (y * width + x) * 4);
      }
    }
    return { width, height, rgba };
  });
}
