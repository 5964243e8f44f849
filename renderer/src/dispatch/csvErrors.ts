import type { TFunction } from 'i18next';

/**
 * A refused duty CSV import's row errors as the roster editor lists them (issue 19 item 1): each with the line of the
 * file it is on, so the keeper finds it in their spreadsheet. The core answers a refusal with its problem and, per
 * row, `{ line, message, code? }` (under `errors`, or `problem.errors`); a problem that names only a location
 * ("duty.csv:12" or "line 12") is one row error at that line. Anything else is the problem alone, without a line.
 */
export type CsvRowError = { line: number | null; message: string; code?: string };

const MAX_SHOWN = 50;

function rowErrorsIn(value: unknown): CsvRowError[] | null {
  if (!Array.isArray(value)) return null;
  const rows: CsvRowError[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { line, row, message, code } = item as { line?: unknown; row?: unknown; message?: unknown; code?: unknown };
    const at = typeof line === 'number' ? line : typeof row === 'number' ? row : null;
    rows.push({ line: at, message: typeof message === 'string' ? message : '', ...(typeof code === 'string' ? { code } : {}) });
  }
  return rows;
}

/** The line a problem's location names ("duty.csv:12", "line 12", "12"), or null. */
export function lineOfLocation(location: unknown): number | null {
  if (typeof location !== 'string') return null;
  const match = /(?:^|:|line\s*|行\s*)(\d+)(?::\d+)?\s*$/i.exec(location.trim());
  return match ? Number(match[1]) : null;
}

/** The row errors of an import's refusal body, in line order (those without a line last), at most MAX_SHOWN. */
export function csvRowErrors(body: unknown): { rows: CsvRowError[]; more: number } {
  if (typeof body !== 'object' || body === null) return { rows: [], more: 0 };
  const answer = body as { errors?: unknown; problem?: { errors?: unknown; location?: unknown; message?: unknown; code?: unknown } };
  let rows = rowErrorsIn(answer.errors) ?? rowErrorsIn(answer.problem?.errors);
  if (rows === null) {
    const line = lineOfLocation(answer.problem?.location);
    const message = typeof answer.problem?.message === 'string' ? answer.problem.message : '';
    rows = line === null ? [] : [{ line, message, ...(typeof answer.problem?.code === 'string' ? { code: answer.problem.code } : {}) }];
  }
  rows.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { rows: rows.slice(0, MAX_SHOWN), more: Math.max(0, rows.length - MAX_SHOWN) };
}

/**
 * A row error in the UI language: in English the core's own words with the line; in any other language the line
 * alone (the core's message is English and names columns and values, never shown as a zh-CN sentence).
 */
export function csvRowText(row: CsvRowError, language: string, t: TFunction): string {
  if (row.line === null) return language === 'en' ? row.message : '';
  return language === 'en' && row.message ? t('dispatch.roster.lineError', { line: row.line, message: row.message }) : t('dispatch.roster.lineErrorBare', { line: row.line });
}
