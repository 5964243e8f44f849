/**
 * Reads of the historian's query API with the answer's code kept (docs/historian.md §5): the trend must
 * say why it has no history — a core started without a historian (404), a role not allowed (403), a
 * failed query (its problem code) or an unreachable core — never show a blank chart. CoreClient.getJson
 * answers null for all of these, so this reads the whole response (CoreClient.fetchApi).
 */
import type { CoreClient } from '../connection/CoreClient.js';

export type HistoryFailure = 'off' | 'forbidden' | 'failed' | 'unreachable';
export type HistoryResult<T> = { ok: true; value: T } | { ok: false; failure: HistoryFailure; code: string };

/** What the history routes answer on a core started without a historian (main/http/historyRoutes.ts). */
export const HISTORY_OFF_CODE = 'ST_ERR_HTTP_NOT_FOUND';
/** Codes of the failures the core does not code itself (no answer at all). */
export const HISTORY_UNREACHABLE_CODE = 'ST_ERR_UI_HISTORY_UNREACHABLE';

/** A failed answer in the trend's terms, from its status and the core's problem body (`{ problem: { code } }`). */
export function historyFailure(status: number, body: unknown): { failure: HistoryFailure; code: string } {
  const code = (body as { problem?: { code?: unknown } } | null)?.problem?.code;
  const coded = typeof code === 'string' && /^ST_ERR_[A-Z0-9_]+$/.test(code) ? code : `ST_ERR_HTTP_${status}`;
  if (status === 404) return { failure: 'off', code: coded };
  if (status === 401 || status === 403) return { failure: 'forbidden', code: coded };
  return { failure: 'failed', code: coded };
}

export async function fetchHistory<T>(client: Pick<CoreClient, 'fetchApi'>, path: string, signal?: AbortSignal): Promise<HistoryResult<T>> {
  let response: Response;
  try {
    response = await client.fetchApi(path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, failure: 'unreachable', code: HISTORY_UNREACHABLE_CODE };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body !== null) return { ok: true, value: body as T };
  return { ok: false, ...historyFailure(response.ok ? 500 : response.status, body) };
}
