/**
 * RFC 4180 text both ways, for the core's spreadsheets (the roster's, the historian's exports): records with the line each starts on (so an error
 * names the line a person sees in their editor), quoted fields with "" and line breaks, a UTF-8 BOM (Excel
 * writes one), CRLF or LF. Bounded: at most `maxRecords` records and `maxFieldChars` per field; past them the
 * reader stops and says so instead of holding an arbitrary file.
 */
export type CsvRecord = { line: number; fields: string[] };

export function readCsv(text: string, limits: { maxRecords: number; maxFieldChars: number }): { records: CsvRecord[]; error?: { line: number; message: string } } {
  const records: CsvRecord[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = (): boolean => {
    fields.push(field);
    // A blank line is no record (a trailing newline, a spacer row).
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    return records.length <= limits.maxRecords;
  };
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      if (!endRecord()) return { records: records.slice(0, limits.maxRecords), error: { line: recordLine, message: `more than ${limits.maxRecords} rows` } };
      line += 1;
      recordLine = line;
    } else field += c;
    if (field.length > limits.maxFieldChars) return { records, error: { line, message: `a field longer than ${limits.maxFieldChars} characters` } };
    i += 1;
  }
  if (quoted) return { records, error: { line: recordLine, message: 'a quoted field is not closed' } };
  if (field !== '' || fields.length > 0) {
    if (!endRecord()) return { records: records.slice(0, limits.maxRecords), error: { line: recordLine, message: `more than ${limits.maxRecords} rows` } };
  }
  return { records };
}

/** One RFC 4180 field: quoted when it holds a comma, quote or line break (the one writer of CSV fields in the core). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text, CRLF as RFC 4180 and spreadsheets expect, with a BOM so Excel reads the Chinese names as UTF-8. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
