// The rasterizer of scripts/make-icons.mjs: parses the SVG subset the icon uses (rect with rx, circle,
// polygon, and paths of straight lines; flat fills) and draws shapes into RGBA pixels, supersampled for
// anti-aliasing. Only + − × ÷ and comparisons are used, so every machine computes the same pixels.

// ---- SVG subset ------------------------------------------------------------------------------------------

const SUPPORTED = 'rect, circle, polygon and path (M, L, H, V, Z) with flat fills';

/** Parses the icon's SVG into shapes in viewBox units. Anything outside the subset is an error, not a guess. */
export function parseSvg(text) {
  const source = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<title>[\s\S]*?<\/title>/g, '');
  const root = /<svg\b([^>]*)>/.exec(source);
  if (!root) throw new Error('icon.svg: no <svg> element');
  const viewBox = numbers(attributes(root[1]).viewBox ?? '');
  if (viewBox.length !== 4) throw new Error('icon.svg: <svg> needs viewBox="0 0 W H"');
  const [minX, minY, width, height] = viewBox;
  const shapes = [];
  for (const match of source.slice(root.index + root[0].length).matchAll(/<([a-zA-Z]+)\b([^>]*?)\/?>/g)) {
    const [, tag, rest] = match;
    const a = attributes(rest);
    if (a.transform)
      throw new Error(`icon.svg: <${tag} transform> is not supported; draw in place (${SUPPORTED})`);
    const paint = { fill: color(a.fill ?? '#000', Number(a['fill-opacity'] ?? a.opacity ?? 1)) };
    if (tag === 'rect') {
      const rx = Number(a.rx ?? a.ry ?? 0);
      shapes.push({ type: 'rect', x: n(a.x), y: n(a.y), w: n(a.width), h: n(a.height), r: rx, ...paint });
    } else if (tag === 'circle') {
      shapes.push({ type: 'circle', cx: n(a.cx), cy: n(a.cy), r: n(a.r), ...paint });
    } else if (tag === 'polygon') {
      shapes.push({ type: 'polygon', rings: [pairs(numbers(a.points ?? ''))], ...paint });
    } else if (tag === 'path') {
      shapes.push({ type: 'polygon', rings: pathRings(a.d ?? ''), ...paint });
    } else {
      throw new Error(`icon.svg: <${tag}> is not supported (${SUPPORTED})`);
    }
  }
  return { minX, minY, width, height, shapes: shapes.filter((s) => s.fill[3] > 0) };
}

function attributes(text) {
  return Object.fromEntries(Array.from(text.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g), (m) => [m[1], m[2]]));
}
const numbers = (text) => (text.match(/-?\d*\.?\d+(?:e-?\d+)?/gi) ?? []).map(Number);
const n = (text) => Number(text ?? 0);
const pairs = (list) => Array.from({ length: list.length >> 1 }, (_, i) => [list[2 * i], list[2 * i + 1]]);

/** An SVG colour (#rgb, #rrggbb, white, black, none) as [r, g, b, a] in 0..1. */
export function color(text, opacity) {
  if (text === 'none') return [0, 0, 0, 0];
  const named = { white: '#ffffff', black: '#000000' }[text] ?? text;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(named)?.[1];
  if (!hex) throw new Error(`icon.svg: colour "${text}" is not supported (use #rgb or #rrggbb)`);
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16) / 255).concat(opacity);
}

function pathRings(d) {
  const rings = [];
  let ring = null;
  let x = 0;
  let y = 0;
  for (const [, command, args] of d.matchAll(/([a-zA-Z])([^a-zA-Z]*)/g)) {
    const values = numbers(args);
    const relative = command === command.toLowerCase();
    const upper = command.toUpperCase();
    if (upper === 'Z') {
      ring = null;
      continue;
    }
    if (!'MLHV'.includes(upper))
      throw new Error(`icon.svg: path command "${command}" is not supported (${SUPPORTED})`);
    const step = upper === 'H' || upper === 'V' ? 1 : 2;
    for (let i = 0; i < values.length; i += step) {
      if (upper === 'H') x = (relative ? x : 0) + values[i];
      else if (upper === 'V') y = (relative ? y : 0) + values[i];
      else {
        x = (relative ? x : 0) + values[i];
        y = (relative ? y : 0) + values[i + 1];
      }
      if (upper === 'M' && i === 0) {
        ring = [];
        rings.push(ring);
      }
      ring?.push([x, y]);
    }
  }
  return rings.filter((r) => r.length >= 3);
}

// ---- drawing ---------------------------------------------------------------------------------------------

function contains(shape, x, y) {
  switch (shape.type) {
    case 'circle': {
      const dx = x - shape.cx;
      const dy = y - shape.cy;
      return dx * dx + dy * dy <= shape.r * shape.r;
    }
    case 'rect': {
      if (x < shape.x || y < shape.y || x > shape.x + shape.w || y > shape.y + shape.h) return false;
      const r = Math.min(shape.r, shape.w / 2, shape.h / 2);
      const cx = Math.min(Math.max(x, shape.x + r), shape.x + shape.w - r);
      const cy = Math.min(Math.max(y, shape.y + r), shape.y + shape.h - r);
      return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
    }
    case 'cells': {
      const column = Math.floor((x - shape.x) / shape.cell);
      const row = Math.floor((y - shape.y) / shape.cell);
      return shape.rows[row]?.[column] === '1';
    }
    default: {
      // Non-zero winding over every ring of the path.
      let winding = 0;
      for (const ring of shape.rings) {
        for (let i = 0; i < ring.length; i++) {
          const [x1, y1] = ring[i];
          const [x2, y2] = ring[(i + 1) % ring.length];
          const side = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1);
          if (y1 <= y && y2 > y && side > 0) winding++;
          else if (y1 > y && y2 <= y && side < 0) winding--;
        }
      }
      return winding !== 0;
    }
  }
}

function bounds(shape) {
  switch (shape.type) {
    case 'circle':
      return [shape.cx - shape.r, shape.cy - shape.r, shape.cx + shape.r, shape.cy + shape.r];
    case 'rect':
      return [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h];
    case 'cells':
      return [
        shape.x,
        shape.y,
        shape.x + shape.cell * shape.rows[0].length,
        shape.y + shape.cell * shape.rows.length,
      ];
    default: {
      const points = shape.rings.flat();
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    }
  }
}

/**
 * Draws shapes (in viewBox units) into a size×size RGBA image. Each pixel's coverage is sampled on a grid
 * (16×16 for small icons, where every edge pixel matters); colours blend "over" in premultiplied form,
 * and a `clear` shape erases (the badge's cut-out ring).
 */
export function rasterize(svg, shapes, size) {
  const grid = size <= 64 ? 16 : size <= 256 ? 8 : 4;
  const scale = svg.width / size;
  const pixels = new Float64Array(size * size * 4);
  for (const shape of shapes) {
    const [x0, y0, x1, y1] = bounds(shape);
    const left = Math.max(0, Math.floor((x0 - svg.minX) / scale));
    const top = Math.max(0, Math.floor((y0 - svg.minY) / scale));
    const right = Math.min(size, Math.ceil((x1 - svg.minX) / scale));
    const bottom = Math.min(size, Math.ceil((y1 - svg.minY) / scale));
    const [r, g, b, a] = shape.fill;
    for (let py = top; py < bottom; py++) {
      for (let px = left; px < right; px++) {
        let hits = 0;
        for (let j = 0; j < grid; j++) {
          const y = svg.minY + (py + (j + 0.5) / grid) * scale;
          for (let i = 0; i < grid; i++) {
            if (contains(shape, svg.minX + (px + (i + 0.5) / grid) * scale, y)) hits++;
          }
        }
        if (hits === 0) continue;
        const coverage = hits / (grid * grid);
        const at = (py * size + px) * 4;
        if (shape.clear) {
          for (let c = 0; c < 4; c++) pixels[at + c] *= 1 - coverage;
          continue;
        }
        const alpha = a * coverage;
        pixels[at] = r * alpha + pixels[at] * (1 - alpha);
        pixels[at + 1] = g * alpha + pixels[at + 1] * (1 - alpha);
        pixels[at + 2] = b * alpha + pixels[at + 2] * (1 - alpha);
        pixels[at + 3] = alpha + pixels[at + 3] * (1 - alpha);
      }
    }
  }
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < pixels.length; i += 4) {
    const alpha = pixels[i + 3];
    rgba[i + 3] = Math.round(alpha * 255);
    if (alpha === 0) continue;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(Math.min(1, pixels[i + c] / alpha) * 255);
  }
  return { width: size, height: size, rgba };
}
