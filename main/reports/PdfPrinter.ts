import { access, constants } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { BoundedConcurrency } from '../platform/index.js';

/** Debian's Chromium (apt install chromium); config.reports.chromiumPath names another. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
/** Reports printed at once (each a renderer process of ~100 MB); the rest wait, up to MAX_WAITING. */
const MAX_PRINTING = 2;
const MAX_WAITING = 8;
/** A report that takes longer than this is abandoned (a hung renderer must not hold the queue). */
export const PRINT_TIMEOUT_MS = 60_000;
/** Without a print for this long the browser is closed (it is started again for the next report). */
const IDLE_CLOSE_MS = 5 * 60_000;

export class PdfPrintError extends Error {
  constructor(
    readonly code: 'ST_ERR_REPORT_NO_BROWSER' | 'ST_ERR_REPORT_BUSY' | 'ST_ERR_REPORT_PRINT',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Prints HTML to PDF in headless Chromium (docs/reports.md §renderer: chosen by measurement over pdfkit): one
 * browser process shared by every report and started on first use, at most MAX_PRINTING pages at once, a timeout
 * per print. Chromium embeds the fonts it used as subsets, so the Noto CJK text is real text in the PDF.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly queue = new BoundedConcurrency(MAX_PRINTING, MAX_WAITING);
  private closed = false;

  constructor(private readonly options: { chromiumPath: string; timeoutMs?: number }) {}

  /** The PDF of `html` (A4, backgrounds printed) and its page count. */
  async print(html: string): Promise<{ pdf: Buffer; pages: number }> {
    if (this.closed) throw new PdfPrintError('ST_ERR_REPORT_PRINT', 'the printer is closed');
    const result = await this.queue.run(() => this.printNow(html));
    if (result === null) throw new PdfPrintError('ST_ERR_REPORT_BUSY', `more than ${MAX_PRINTING + MAX_WAITING} reports at once`);
    return result;
  }

  private async printNow(html: string): Promise<{ pdf: Buffer; pages: number }> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const browser = await this.launch();
    const page = await browser.newPage();
    const timeoutMs = this.options.timeoutMs ?? PRINT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = (async () => {
        page.setDefaultTimeout(timeoutMs);
        // Nothing outside the page is loaded: the HTML is self-contained (inline SVG), and a report never fetches.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:7pt;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PdfPrintError('ST_ERR_REPORT_PRINT', `printing took over ${timeoutMs} ms`)), timeoutMs);
      });
      const pdf = await Promise.race([work, timeout]);
      return { pdf, pages: pdfPageCount(pdf) };
    } finally {
      clearTimeout(timer);
      await page.close().catch(() => undefined);
      this.idleTimer = setTimeout(() => void this.closeBrowser(), IDLE_CLOSE_MS);
      this.idleTimer.unref();
    }
  }

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      const { chromiumPath } = this.options;
      try {
        await access(chromiumPath, constants.X_OK);
      } catch {
        throw new PdfPrintError('ST_ERR_REPORT_NO_BROWSER', `no Chromium at ${chromiumPath}: install it (apt install chromium) or set reports.chromiumPath`);
      }
      // Loaded on first use: a core that never prints a report does not load the browser driver.
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
      browser.on('disconnected', () => {
        this.browser = null;
      });
      return browser;
    })().catch((error: unknown) => {
      this.browser = null;
      throw error;
    });
    return this.browser;
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.closeBrowser();
  }
}

/** Pages of a PDF Chromium wrote: its page tree's /Type /Page objects (ISO 32000-1 §7.7.3.3). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}
