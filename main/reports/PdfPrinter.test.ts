import { describe, expect, it } from 'vitest';
import { PdfPrinter, PdfPrintError, pdfPageCount } from './PdfPrinter.js';

describe('PdfPrinter', () => {
  it('says where it looked and what to install when Chromium is not there, and can be asked again', async () => {
    const printer = new PdfPrinter({ chromiumPath: '/nonexistent/chromium' });
    for (let i = 0; i < 2; i++) {
      const error = await printer.print('<p>x</p>').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PdfPrintError);
      expect((error as PdfPrintError).code).toBe('ST_ERR_REPORT_NO_BROWSER');
      expect((error as Error).message).toContain('/nonexistent/chromium');
      expect((error as Error).message).toContain('reports.chromiumPath');
    }
    await printer.close();
    await expect(printer.print('<p>x</p>')).rejects.toThrow('closed');
  });

  it('counts the page objects of a PDF, not its page tree', () => {
    const pdf = Buffer.from('1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj 2 0 obj <</Type /Page>> endobj 3 0 obj <</Type/Page /Parent 1 0 R>> endobj', 'latin1');
    expect(pdfPageCount(pdf)).toBe(2);
  });
});
