import { z } from 'zod';

/**
 * Operational problems: conditions an operator or administrator must see, never exceptions.
 * Codes are stable (ST_ERR_<AREA>_<WHAT>) so documentation, metrics and the UI can key on them.
 */
export const PROBLEM_CODES = {
  ST_ERR_SCENE_SYNTAX: 'The scene file is not valid JSON',
  ST_ERR_SCENE_INVALID: 'The scene file does not match the scene format',
  ST_ERR_SCENE_VERSION: 'The scene file has a format version this build cannot read',
  ST_ERR_SCENE_READ: 'The scene file cannot be read',
  ST_ERR_CONFIG_INVALID: 'The configuration is invalid',
  ST_ERR_CONFIG_READ: 'The configuration file cannot be read',
  ST_ERR_AUTH_REQUIRED: 'Sign-in is required',
  ST_ERR_AUTH_INVALID: 'Wrong user name, password or token',
  ST_ERR_AUTH_FORBIDDEN: 'Your role does not allow this action',
  ST_ERR_AUTH_REVOKED: 'Your session has ended: signed out, user removed or role changed',
  ST_ERR_AUTH_THROTTLED: 'Too many sign-in attempts; wait and try again',
  ST_ERR_SOCKET_PAYLOAD: 'A client sent a malformed request',
  ST_ERR_REQUEST_FAILED: 'The request could not be carried out',
  ST_ERR_PLAYER_UNSUPPORTED: 'This screen\'s player does not offer that action (a replay cannot acknowledge, the live plant cannot seek)',
  ST_ERR_PLAYER_NONE_OPEN: 'No recording or drill is open on this screen',
  ST_ERR_CAPABILITY_START: 'A capability of the core could not start; the rest keeps working',
  ST_ERR_HTTP_LISTEN: 'The HTTP port cannot be opened',
  ST_ERR_HTTP_NOT_FOUND: 'No such resource',
  ST_ERR_HTTP_BAD_REQUEST: 'The request is malformed or too large',
  ST_ERR_LIVE_SAMPLES_DROPPED: 'Samples arrive faster than the core can hand them to the recording: some are missing from the record (the live picture and the alarms have them)',
  ST_ERR_MQTT_LINK_DOWN: 'The core has no connection to its MQTT broker: live values are not arriving',
  ST_ERR_CORE_UNCAUGHT: 'The core caught an unexpected error outside every request handler and goes on; restart it at a convenient time',
  ST_ERR_RENDERER_MISSING: 'The user interface has not been built',
  ST_ERR_FFMPEG_MISSING: 'No ffmpeg executable was found',
} as const;
export type ProblemCode = keyof typeof PROBLEM_CODES;

export const ProblemSchema = z.object({
  code: z.string().regex(/^ST_ERR_[A-Z0-9_]+$/),
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  tip: z.string().optional(),
  /** Where it happened, e.g. "scenes/x.json:12:5 $.sensors[3].unit". */
  location: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export function problem(code: ProblemCode, severity: Problem['severity'], detail?: { message?: string; tip?: string; location?: string }): Problem {
  const result: Problem = { code, severity, message: detail?.message ?? PROBLEM_CODES[code] };
  if (detail?.tip !== undefined) result.tip = detail.tip;
  if (detail?.location !== undefined) result.location = detail.location;
  return result;
}

/** The result of a request over socket.io acknowledgements. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };
