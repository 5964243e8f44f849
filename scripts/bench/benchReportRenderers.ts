import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

/**
 * The report renderer chosen by measurement (issue 20 item 5, docs/reports.md §renderer): the same one-page
 * content — a Chinese title, a 12-row indicator table and a 12-month line chart — printed by headless Chromium
 * from HTML with an SVG chart, and drawn by pdfkit with the Noto CJK font (its chart drawn line by line, as any
 * chart would have to be). pdfkit is not a dependency of the project: the comparison loads it from
 * PDFKIT_DIR (a folder where `npm install pdfkit` was run) and reports it missing otherwise.
 */

const ROWS = Array.from({ length: 12 }, (_, i) => ({ name: `隐患整改率 第${i + 1}项 hidden-danger closure`, value: (80 + i * 1.5).toFixed(1), trend: i % 3 === 0 ? '↓' : '↑' }));
const SERIES = [62, 64, 63, 67, 70, 69, 72, 71, 74, 73, 76, 78];
const TITLE = '安全运行月报 · 2026年11月';
const CJK_FONT = process.env.SAFETWIN_CJK_FONT ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

function chartSvg(): string {
  const w = 600;
  const h = 200;
  const xs = SERIES.map((_, i) => 40 + (i * (w - 60)) / (SERIES.length - 1));
  const ys = SERIES.map((v) => h - 20 - ((v - 50) / 50) * (h - 40));
  const points = xs.map((x, i) => `${x.toFixed(1)},${ys[i]!.toFixed(1)}`).join(' ');
  const labels = xs.map((x, i) => `<text x="${x.toFixed(1)}" y="${h - 4}" font-size="9" text-anchor="middle">${i + 1}月</text>`).join('');
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect x="40" y="10" width="${w - 60}" height="${h - 30}" fill="none" stroke="#999"/><polyline points="${points}" fill="none" stroke="#333" stroke-width="2"/>${labels}</svg>`;
}

function pageHtml(): string {
  const rows = ROWS.map((r) => `<tr><td>${r.name}</td><td>${r.value} %</td><td>${r.trend}</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC",sans-serif;font-size:11px}table{border-collapse:collapse;width:100%}td{border:1px solid #bbb;padding:3px}</style></head><body><h1>${TITLE}</h1>${chartSvg()}<table>${rows}</table></body></html>`;
}

type Measure = { medianMs: number; p95Ms: number; bytes: number };

function summarize(times: number[], bytes: number): Measure {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: Math.round(at(0.5) * 10) / 10, p95Ms: Math.round(at(0.95) * 10) / 10, bytes };
}

async function measureChromium(runs: number, chromiumPath: string): Promise<Measure & { launchMs: number }> {
  const t0 = performance.now();
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const launchMs = Math.round(performance.now() - t0);
  const html = pageHtml();
  const times: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < runs; i += 1) {
      const start = performance.now();
      const page = await browser.newPage();
      await page.setContent(html);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      await page.close();
      times.push(performance.now() - start);
      bytes = pdf.length;
    }
  } finally {
    await browser.close();
  }
  return { ...summarize(times, bytes), launchMs };
}

type PdfDoc = {
  registerFont(name: string, file: string, family: string): void;
  font(name: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  text(text: string, x?: number, y?: number, options?: object): PdfDoc;
  rect(x: number, y: number, w: number, h: number): PdfDoc;
  moveTo(x: number, y: number): PdfDoc;
  lineTo(x: number, y: number): PdfDoc;
  stroke(): PdfDoc;
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end', listener: () => void): void;
  end(): void;
};

function pdfkitPage(PDFDocument: new (options: object) => PdfDoc): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40 });
    const chunks: Buffer[] = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.registerFont('cjk', CJK_FONT, 'NotoSansCJKsc-Regular');
    doc.font('cjk').fontSize(20).text(TITLE, 40, 40);
    // The chart: axes, polyline and labels drawn by hand — pdfkit has no charts.
    const x0 = 60;
    const y0 = 90;
    const w = 460;
    const h = 150;
    doc.rect(x0, y0, w, h).stroke();
    SERIES.forEach((v, i) => {
      const x = x0 + (i * w) / (SERIES.length - 1);
      const y = y0 + h - ((v - 50) / 50) * h;
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.stroke();
    SERIES.forEach((_, i) => doc.fontSize(8).text(`${i + 1}月`, x0 + (i * w) / (SERIES.length - 1) - 6, y0 + h + 4));
    ROWS.forEach((r, i) => {
      const y = 270 + i * 18;
      doc.rect(40, y, 515, 18).stroke();
      doc.fontSize(10).text(`${r.name}    ${r.value} %    ${r.trend}`, 44, y + 4);
    });
    doc.end();
  });
}

async function measurePdfkit(runs: number): Promise<(Measure & { subsetFont: boolean }) | { missing: string }> {
  const dir = process.env.PDFKIT_DIR;
  if (!dir) return { missing: 'PDFKIT_DIR not set: run `npm install pdfkit` in a scratch folder and point PDFKIT_DIR at it' };
  const PDFDocument = createRequire(`${dir}/package.json`)('pdfkit') as new (options: object) => PdfDoc;
  const times: number[] = [];
  let pdf: Buffer = Buffer.alloc(0);
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    pdf = await pdfkitPage(PDFDocument);
    times.push(performance.now() - start);
  }
  // fontkit subsets an embedded font under a 6-letter tag (ABCDEF+Name, ISO 32000-1 §9.6.4).
  return { ...summarize(times, pdf.length), subsetFont: /\/BaseFont \/[A-Z]{6}\+/.test(pdf.toString('latin1')) };
}

/** Both renderers over `runs` pages each (the first run of each included: it is what a monthly report pays). */
export async function compareReportRenderers(runs: number, chromiumPath: string) {
  return { chromium: await measureChromium(runs, chromiumPath), pdfkit: await measurePdfkit(runs) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await compareReportRenderers(Number(process.argv[2] ?? 10), process.env.SAFETWIN_CHROMIUM ?? '/usr/bin/chromium')));
}
