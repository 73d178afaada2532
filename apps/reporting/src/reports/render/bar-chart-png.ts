import { crc32, deflateSync } from 'node:zlib';
import type { ReportChart } from '../report.model';
import { formatNumberVi } from './format';

/*
 * Bar charts for the DOCX report, rasterised to PNG in plain TypeScript (node:zlib for the deflate
 * stream and CRC, nothing native).
 *
 * Why a PNG, and why without words in it:
 * - An SVG picture in DOCX (the `asvg:svgBlip` extension) is drawn by Word 2016+ only; older Word,
 *   LibreOffice before 7.x, WPS and most previewers show its raster fallback anyway, so the PNG
 *   is what many commune offices would see — it must be right on its own. Keeping one picture
 *   means one drawing to get right, not two that could disagree.
 * - Vietnamese labels need a font with its diacritics; rasterising text in pure JS would mean
 *   shipping a font and a shaper. Instead the picture carries only bars, grid lines and digits
 *   (a built-in 5×7 digit font): the value on each bar, the axis ticks and the category's number
 *   under its group. The category names, the series names (each header cell in its bar colour)
 *   and the exact figures go in a small table under the picture, in the document's own
 *   Times New Roman, where they stay searchable, copyable and readable by a screen reader.
 * Native DOCX charts (a chart part with an embedded workbook) would be editable, but LibreOffice
 * and Word lay them out differently, and an officer signing the report must see the same picture
 * the level above receives.
 */

/** Bar colours (hex RGB), dark enough for white text in the legend cells; series 1 is this period. */
export const SERIES_COLOURS = ['1F4E79', 'C55A11', '548235', '7030A0', 'BF9000', '2E75B6'];

export interface BarRect {
  category: number;
  series: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface BarChartImage {
  png: Buffer;
  width: number;
  height: number;
  /** Hex colour of each series, in the order of `chart.series`. */
  colours: string[];
  /** Where each bar was drawn (pixels from the top-left corner), for the legend and for tests. */
  bars: BarRect[];
  /** The value of the top grid line. */
  axisMax: number;
}

const WIDTH = 1200; // drawn at twice the display size (600 × 300 px at 96 dpi ≈ 15.9 × 7.9 cm) so print is sharp
const HEIGHT = 600;
const PLOT = { left: 130, right: WIDTH - 30, top: 60, bottom: HEIGHT - 70 };
const BACKGROUND = 'FFFFFF';
const GRID = 'D9D9D9';
const AXIS = '404040';
const INK = '262626';

export function barChartPng(chart: ReportChart): BarChartImage {
  const canvas = new Canvas(WIDTH, HEIGHT, BACKGROUND);
  const colours = chart.series.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]);
  const values = chart.series.map((s) => chart.categories.map((_, c) => clean(s.values[c])));
  const axisMax = niceMax(Math.max(0, ...values.flat()));
  const ticks = tickValues(axisMax);
  const plotHeight = PLOT.bottom - PLOT.top;
  const yOf = (v: number) => PLOT.bottom - Math.round((v / axisMax) * plotHeight);

  for (const t of ticks) {
    const y = yOf(t);
    if (t > 0) canvas.fill(PLOT.left, y - 1, PLOT.right - PLOT.left, 2, GRID);
    const label = formatTick(t);
    canvas.text(label, PLOT.left - 14 - textWidth(label, 3), y - 10, 3, INK);
  }

  const bars: BarRect[] = [];
  const groups = chart.categories.length;
  const seriesCount = chart.series.length;
  if (groups > 0 && seriesCount > 0) {
    const groupWidth = (PLOT.right - PLOT.left) / groups;
    const barsWidth = groupWidth * (seriesCount === 1 ? 0.5 : 0.76);
    const gap = seriesCount > 1 ? Math.max(2, Math.round(barsWidth * 0.03)) : 0;
    const barWidth = Math.max(2, Math.floor((barsWidth - gap * (seriesCount - 1)) / seriesCount));
    for (let c = 0; c < groups; c++) {
      const groupLeft = PLOT.left + c * groupWidth;
      const used = barWidth * seriesCount + gap * (seriesCount - 1);
      const start = Math.round(groupLeft + (groupWidth - used) / 2);
      for (let s = 0; s < seriesCount; s++) {
        const value = values[s][c];
        const x = start + s * (barWidth + gap);
        const y = yOf(value);
        const rect = { category: c, series: s, x, y, width: barWidth, height: PLOT.bottom - y, value };
        bars.push(rect);
        canvas.fill(x, y, barWidth, rect.height, colours[s]);
        drawValueLabel(canvas, rect, groupWidth / seriesCount);
      }
      const number = String(c + 1);
      const cx = Math.round(groupLeft + groupWidth / 2);
      canvas.text(number, cx - Math.round(textWidth(number, 4) / 2), PLOT.bottom + 20, 4, INK);
    }
  }
  // The axes last, over the bars' feet.
  canvas.fill(PLOT.left - 2, PLOT.top - 10, 2, PLOT.bottom - PLOT.top + 12, AXIS);
  canvas.fill(PLOT.left - 2, PLOT.bottom, PLOT.right - PLOT.left + 2, 2, AXIS);

  return { png: canvas.toPng(), width: WIDTH, height: HEIGHT, colours, bars, axisMax };
}

function drawValueLabel(canvas: Canvas, bar: BarRect, room: number) {
  const label = formatTick(bar.value);
  // The largest digit size that fits over the bar's share of its group; none if even the smallest does not.
  const scale = [3, 2].find((k) => textWidth(label, k) <= room - 4);
  if (!scale) return;
  const x = Math.round(bar.x + bar.width / 2 - textWidth(label, scale) / 2);
  canvas.text(label, x, bar.y - 8 - 7 * scale, scale, INK);
}

function clean(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** The top of the axis: the data maximum rounded up to 1, 2, 2.5 or 5 × 10^k (at least 5). */
export function niceMax(max: number): number {
  if (max <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= max) ?? 10;
  return step * magnitude;
}

/** Five intervals: with a top of 1, 2, 2.5 or 5 × 10^k every tick is a round number. */
function tickValues(axisMax: number): number[] {
  return Array.from({ length: 6 }, (_, i) => (axisMax * i) / 5);
}

/** Ticks and bar labels in the Vietnamese style: '.' between thousands, ',' before decimals. */
const formatTick = (v: number) => formatNumberVi(v, 1);

// ── A 5×7 digit font: enough for values, ticks and category numbers. ──
const GLYPHS: Record<string, string[]> = {
  '0': ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  '.': ['0', '0', '0', '0', '0', '1', '1'],
  ',': ['00', '00', '00', '00', '01', '01', '10'],
  '-': ['000', '000', '000', '111', '000', '000', '000'],
  '%': ['11001', '11010', '00010', '00100', '01000', '01011', '10011'],
};

function textWidth(text: string, scale: number): number {
  let w = 0;
  for (const ch of text) w += ((GLYPHS[ch]?.[0].length ?? 3) + 1) * scale;
  return Math.max(0, w - scale);
}

class Canvas {
  private readonly pixels: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
    background: string,
  ) {
    this.pixels = Buffer.alloc(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  fill(x: number, y: number, w: number, h: number, hex: string) {
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const o = (yy * this.width + xx) * 3;
        this.pixels[o] = r;
        this.pixels[o + 1] = g;
        this.pixels[o + 2] = b;
      }
    }
  }

  text(text: string, x: number, y: number, scale: number, hex: string) {
    let cursor = x;
    for (const ch of text) {
      const glyph = GLYPHS[ch];
      if (glyph) {
        glyph.forEach((row, gy) => {
          for (let gx = 0; gx < row.length; gx++) {
            if (row[gx] === '1') this.fill(cursor + gx * scale, y + gy * scale, scale, scale, hex);
          }
        });
      }
      cursor += ((glyph?.[0].length ?? 3) + 1) * scale;
    }
  }

  toPng(): Buffer {
    // Each scanline is preceded by its filter type; 0 (None) keeps the encoder trivial, and deflate
    // still shrinks the large flat areas of a bar chart to a few kilobytes.
    const stride = this.width * 3;
    const raw = Buffer.alloc((stride + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      this.pixels.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr.writeUInt8(8, 8); // bit depth
    ihdr.writeUInt8(2, 9); // colour type: truecolour RGB
    ihdr.writeUInt8(0, 10); // compression: deflate
    ihdr.writeUInt8(0, 11); // filter method
    ihdr.writeUInt8(0, 12); // no interlace
    const pHYs = Buffer.alloc(9); // 192 dpi, so the picture's natural size is its display size
    pHYs.writeUInt32BE(7559, 0);
    pHYs.writeUInt32BE(7559, 4);
    pHYs.writeUInt8(1, 8); // unit: metre
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('pHYs', pHYs),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
