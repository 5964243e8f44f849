/**
 * The one redaction of secrets and server paths (issue 13 "secrets never leave the core"). Every URL the
 * core shows, logs, records or sends (broker URLs, camera stream URLs, NVR links, ffmpeg's error text,
 * alarm reasons) passes through here first.
 *
 * What counts as a secret in a URL: its userinfo (RFC 3986 §3.2.1 deprecates "user:password@" but RTSP
 * cameras and brokers still take it, and some brokers take an access token as the user name, so the
 * user part goes too) and the values of query parameters that carry credentials (token=, password=, …).
 */

export const REDACTED = '***';

/** Query parameters whose value is a credential (camera and NVR APIs, signed URLs). */
const SECRET_QUERY_PARAMS = ['password', 'passwd', 'pwd', 'pass', 'token', 'access_token', 'auth', 'authorization', 'apikey', 'api_key', 'api-key', 'key', 'secret', 'signature', 'sig', 'credential', 'credentials', 'session'];

/**
 * scheme://userinfo@ inside any text. The userinfo runs to the last "@" before the authority ends (a
 * password with an unencoded "@" is still hidden whole); quotes and brackets end it, so a URL inside a
 * JSON log line or an HTML attribute never swallows its neighbours.
 */
const USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>`\\]*@/gi;
const SECRET_PARAM_IN_TEXT = new RegExp(`([?&;](?:${SECRET_QUERY_PARAMS.map((p) => p.replace(/[-]/g, '\\-')).join('|')})=)[^&#\\s"'<>\`\\\\]*`, 'gi');

/**
 * A POSIX absolute path of at least two segments (a leading "//" is a URL authority, not a path), or a
 * Windows drive path, after a start, a space, a quote, a bracket or "=": replaced by its last segment.
 */
const POSIX_PATH_IN_TEXT = /(^|[\s'"(=[])\/(?!\/)(?:[^\s'"()<>/\\[\]]+\/)+([^\s'"()<>/\\[\]]*)/g;
const WINDOWS_PATH_IN_TEXT = /(^|[\s'"(=[])[A-Za-z]:\\(?:[^\s'"()<>\\[\]]+\\)*([^\s'"()<>\\[\]]*)/g;

/**
 * Any text (a URL, a log line, ffmpeg's stderr, an error message) with the credentials of every URL in it
 * hidden: "rtsp://user:pw@cam-7/stream?token=abc" becomes "rtsp://***@cam-7/stream?token=***".
 */
export function redactSecrets(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text.replace(USERINFO_IN_TEXT, `$1${REDACTED}@`).replace(SECRET_PARAM_IN_TEXT, `$1${REDACTED}`);
}

/**
 * Text for a client (a problem's message, tip or location): no credentials, and no absolute paths on the
 * core machine, only the file's own name ("ST_ERR_RECORDING_NOT_FOUND: rec-20260101.mcap"), which is
 * what a screen needs and says nothing about the server's layout.
 */
export function redactForClient(text: string): string {
  return redactSecrets(text).replace(POSIX_PATH_IN_TEXT, '$1$2').replace(WINDOWS_PATH_IN_TEXT, '$1$2');
}

/** A problem as a client may see it: message, tip and location through redactForClient. */
export function clientProblem<P extends { message: string; tip?: string | undefined; location?: string | undefined }>(problem: P): P {
  const result = { ...problem, message: redactForClient(problem.message) };
  if (problem.tip !== undefined) result.tip = redactForClient(problem.tip);
  if (problem.location !== undefined) result.location = redactForClient(problem.location);
  return result;
}
