import { crc32, inflateSync } from 'node:zlib';
import type { ReportChart } from '../report.model';
import { barChartPng, niceMax, SERIES_COLOURS } from './bar-chart-png';
import { FORMS } from './report.fixture';

/** Reads back an 8-bit RGB, non-interlaced PNG whose scanlines all use filter 0 (what barChartPng writes). */
function decode(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  const chunks: Array<{ type: string; data: Buffer }> = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    chunks.push({ type, data });
    offset += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  const ihdr = chunks[0].data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  const raw = inflateSync(chunks[2].data);
  expect(raw.length).toBe((width * 3 + 1) * height);
  const pixel = (x: number, y: number) => {
    const o = y * (width * 3 + 1) + 1 + x * 3;
    expect(raw[y * (width * 3 + 1)]).toBe(0);
    return raw
      .subarray(o, o + 3)
      .toString('hex')
      .toUpperCase();
  };
  return { width, height, pixel };
}

const chart: ReportChart = {
  id: 'c',
  title: 'Số trẻ em bị xâm hại theo hình thức',
  kind: 'bar',
  categories: FORMS,
  series: [
    { name: '2026', values: [40, 30, 10, 0] },
    { name: '2025', values: [60, 45, 12, 7] },
  ],
};

describe('barChartPng', () => {
  it('draws one bar per category and series, its height in proportion to its value', () => {
    const image = barChartPng(chart);
    const { width, height, pixel } = decode(image.png);
    expect([width, height]).toEqual([1200, 600]);
    expect(image.axisMax).toBe(100);
    expect(image.bars).toHaveLength(8);

    const pxPerUnit = image.bars[0].height / 40;
    for (const bar of image.bars) {
      expect(Math.abs(bar.height - bar.value * pxPerUnit)).toBeLessThanOrEqual(1);
      if (bar.height < 3) continue; // a zero bar has nothing to sample
      const x = Math.round(bar.x + bar.width / 2);
      expect(pixel(x, bar.y + 2)).toBe(SERIES_COLOURS[bar.series]);
      expect(pixel(x, bar.y - 3)).not.toBe(SERIES_COLOURS[bar.series]);
    }
    // Series side by side within a group, groups left to right.
    const [a, b, c] = image.bars;
    expect(a.x + a.width).toBeLessThan(b.x);
    expect(b.x + b.width).toBeLessThan(c.x);
  });

  it('survives empty and odd data', () => {
    const empty = barChartPng({ ...chart, categories: [], series: [] });
    expect(decode(empty.png).width).toBe(1200);
    expect(empty.bars).toEqual([]);
    const odd = barChartPng({ ...chart, series: [{ name: 'x', values: [Number.NaN, -3, 2] }] });
    expect(odd.bars.map((b) => b.value)).toEqual([0, 0, 2, 0]);
    expect(odd.axisMax).toBe(5);
  });

  it('rounds the axis up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0, 4, 6, 12, 21, 60, 101, 240, 1254].map(niceMax)).toEqual([
      5, 5, 10, 20, 25, 100, 200, 250, 2000,
    ]);
  });
});
