import type { MessageKind, RosterPerson, WarningGrade } from '../../contracts/index.js';
import type { DigestFacts, MessageLocale, OutboundChannel, RenderedMessage } from '../../dispatch/index.js';
import type { OutboundMessage } from '../outboundMessage.js';

/**
 * One outbound channel (docs/dispatch.md §channels): sends one rendered message to one target, or throws a
 * ChannelError saying whether a retry may help. A channel holds no queue and no retry of its own: the Outbox
 * does both, durably.
 */
export interface Channel {
  readonly name: OutboundChannel;
  /** Group channels post to a group (messages with no person) in their configured language; the others reach one person. */
  readonly group: boolean;
  /** The language a group channel writes in. */
  readonly groupLocale: MessageLocale;
  /** Whether this channel has an address for the person (an e-mail, a phone, a browser subscribed to push). */
  reaches(person: RosterPerson): boolean;
  send(message: OutgoingMessage, target: ChannelTarget): Promise<void>;
  close?(): Promise<void>;
}

/** A message as a channel sends it: the words in the target's language, and the facts for channels that carry data. */
export type OutgoingMessage = {
  /** Unique per message and channel: receivers can drop a retried copy by it. */
  deliveryId: string;
  kind: MessageKind;
  /** The message's grade (a digest's: its most severe). */
  grade: WarningGrade;
  locale: MessageLocale;
  rendered: RenderedMessage;
  /** The warning message's facts, or null for a digest. */
  message: OutboundMessage | null;
  /** A digest's counts, or null for a warning message. */
  digest: DigestFacts | null;
};

/** A group with the roster people it @mentions, or one person. */
export type ChannelTarget = { kind: 'group'; mentions: RosterPerson[] } | { kind: 'person'; person: RosterPerson };

/**
 * A failed send. `retryable`: the receiver may take it later (network, timeout, 5xx, 429, a robot's rate limit);
 * otherwise retrying cannot help (refused as malformed, a wrong key, no address) and the delivery fails. The
 * message never holds a secret (URLs with keys, passwords): it is shown on the warning and the status bar.
 * `recipientFault`: the person's address is missing or refused — the channel itself works (no problem raised).
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly recipientFault = false,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** A response body read no further than this: a receiver's answer is a status, never a document. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** What an HTTP receiver answered. */
export type HttpAnswer = { status: number; text: string };

/**
 * One HTTP request with a time limit and a bounded read of the answer; a network failure or timeout is a
 * retryable ChannelError naming its cause (never the URL: it may carry a key).
 */
export async function httpRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> }, timeoutMs: number): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { method: init.method, headers: init.headers, body: init.body ?? null, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    throw new ChannelError(networkCause(error), true);
  }
  return { status: response.status, text: await readBounded(response, MAX_RESPONSE_BYTES) };
}

/** Reads at most `maxBytes` of a body (the rest is cancelled), as UTF-8. */
export async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A connection cut mid-answer: the status said what matters.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

/** An HTTP status as a ChannelError: 408, 429 and 5xx may pass later; any other refusal will not. */
export function httpStatusError(status: number, detail = ''): ChannelError {
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ChannelError(`HTTP ${status}${detail ? `: ${detail}` : ''}`, retryable);
}

function networkCause(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? `cannot connect (${cause.code})` : 'cannot connect';
}

/** A short, single-line excerpt of a receiver's answer for the error shown (never more than 200 characters). */
export const answerExcerpt = (text: string) => text.replaceAll(/\s+/g, ' ').trim().slice(0, 200);

/**
 * The group robots' JSON answer { errcode, errmsg }: 0 is success; `retryableCodes` are their "busy / too fast"
 * codes. An answer that is not that JSON on a 2xx is taken as success (a proxy's plain "ok").
 */
export function robotAnswer(answer: HttpAnswer, retryableCodes: readonly number[]): void {
  if (answer.status < 200 || answer.status >= 300) throw httpStatusError(answer.status, answerExcerpt(answer.text));
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return;
  }
  const code = (parsed as { errcode?: unknown } | null)?.errcode;
  if (typeof code !== 'number' || code === 0) return;
  const message = (parsed as { errmsg?: unknown }).errmsg;
  throw new ChannelError(`errcode ${code}${typeof message === 'string' ? `: ${answerExcerpt(message)}` : ''}`, retryableCodes.includes(code));
}

/** Clips UTF-8 text to `maxBytes` without splitting a character (the robots count bytes), marking the cut. */
export function clipUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  const budget = maxBytes - Buffer.byteLength('…', 'utf8');
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > budget) break;
    out += char;
    bytes += size;
  }
  return `${out}…`;
}

/** A secret from the configuration or the environment variable it names; undefined when neither has it. */
export function secretOf(value: string | undefined, envName: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (value !== undefined) return value;
  const fromEnv = envName === undefined ? undefined : env[envName];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}
