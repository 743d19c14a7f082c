// Writes the app and tray icons as PNG files. Run: node resources/make-icons.mjs
// Drawn from signed-distance shapes with 4x4 supersampling, so there is no image tool to
// install and the icons are reproducible byte for byte.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** layers: [{ inside(x, y) -> boolean, color: [r,g,b,a] }], coordinates in 0..1. */
function render(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let cr = 0,
            cg = 0,
            cb = 0,
            ca = 0;
          for (const layer of layers) {
            if (!layer.inside(x, y)) continue;
            const la = layer.color[3] / 255;
            cr = layer.color[0] * la + cr * (1 - la);
            cg = layer.color[1] * la + cg * (1 - la);
            cb = layer.color[2] * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const n = ss * ss;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      // Colours were accumulated premultiplied; store straight alpha.
      out[i] = alpha ? Math.round(r / n / alpha) : 0;
      out[i + 1] = alpha ? Math.round(g / n / alpha) : 0;
      out[i + 2] = alpha ? Math.round(b / n / alpha) : 0;
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

const roundedSquare = (inset, radius) => (x, y) => {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - radius), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
};
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
/** An arc band opening upwards, like a signal wave above a point. */
const wave = (cx, cy, r, width) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  const angle = Math.atan2(cy - y, x - cx);
  return Math.abs(d - r) <= width / 2 && angle > Math.PI * 0.22 && angle < Math.PI * 0.78;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

const white = [255, 255, 255, 255];
function appIcon(size) {
  return render(size, [
    { inside: roundedSquare(0.04, 0.2), color: [27, 59, 111, 255] },
    { inside: rect(0.47, 0.5, 0.53, 0.8), color: white },
    { inside: rect(0.34, 0.78, 0.66, 0.84), color: white },
    { inside: disc(0.5, 0.5, 0.07), color: white },
    { inside: wave(0.5, 0.5, 0.17, 0.055), color: [120, 220, 150, 255] },
    { inside: wave(0.5, 0.5, 0.29, 0.055), color: [120, 220, 150, 255] },
  ]);
}
function trayIcon(size, color) {
  return render(size, [
    { inside: disc(0.5, 0.5, 0.46), color: [30, 30, 30, 230] },
    { inside: disc(0.5, 0.5, 0.34), color },
  ]);
}

const files = {
  'icon.png': encodePng(512, appIcon(512)),
  'tray-connected.png': encodePng(32, trayIcon(32, [47, 179, 68, 255])),
  'tray-degraded.png': encodePng(32, trayIcon(32, [245, 159, 0, 255])),
  'tray-down.png': encodePng(32, trayIcon(32, [224, 49, 49, 255])),
};
for (const [name, bytes] of Object.entries(files)) {
  writeFileSync(join(here, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}
