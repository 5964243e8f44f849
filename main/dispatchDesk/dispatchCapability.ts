import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_PATHS, SOCKET_EVENTS, type SessionUser } from '../contracts/index.js';
import { MAX_ROSTER_CSV_CHARS } from '../dispatch/index.js';
import { sendCoded, sendInvalid, TimeSchema, type CodedResult, type RouteGuards } from '../http/index.js';
import type { JournalSink } from '../audit/index.js';
import type { Logger } from '../log/index.js';
import type { Capability } from '../realtime/index.js';
import type { RosterBook } from './RosterBook.js';
import { writeTrainingSamples } from './trainingSamples.js';
import { MAX_WARNINGS_LISTED, type WarningDesk } from './WarningDesk.js';

/** An acknowledgement, note or disposition: a bounded note (contracts RECORD_NOTE_MAX_CHARS) in JSON. */
const STEP_BODY_LIMIT_BYTES = 16 * 1024;
/** A whole roster: 2,000 people with contacts and 20,000 assignments is a few megabytes of JSON. */
const ROSTER_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
/** The duty spreadsheet: main/dispatch's limit in characters, as UTF-8 (a Chinese character is 3 bytes). */
const DUTY_CSV_LIMIT_BYTES = MAX_ROSTER_CSV_CHARS * 3;

const WarningParams = z.strictObject({ warningId: z.string().min(1).max(300) });
const flag = z.enum(['1', 'true', '0', 'false']).transform((v) => v === '1' || v === 'true').optional();
const ListQuery = z.strictObject({ mine: flag, open: flag, from: TimeSchema.optional(), to: TimeSchema.optional(), limit: z.coerce.number().int().min(1).max(MAX_WARNINGS_LISTED).optional() });
const StatsQuery = z.strictObject({ from: TimeSchema, to: TimeSchema });

export type DispatchDeskParts = {
  desk: WarningDesk;
  roster: RosterBook;
  /** The evidence snapshot file of a vision event, while the evidence store keeps it (the camera AI's); null: none. */
  snapshotFile: (eventId: string) => Promise<string | null>;
  /** Where the re-training export is journaled (it shows people, as evidence does). */
  journal: JournalSink | null;
  logger: Logger;
};

function sendCsv(reply: FastifyReply, text: string, name: string) {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`).send(text);
}

/**
 * Warning dispatch's HTTP routes (docs/dispatch.md §warnings API, docs/http-api.md), token-authenticated like
 * every API route. Reading needs alarm:read (every role: a phone's viewer reads their warnings); the steps are
 * checked by the desk and the roster book for the signed-in user (acknowledge: alarm:acknowledge or the
 * warning is theirs; dispose: warning:dispose; the roster: dispatch:manage). Bodies are bounded; refusals are
 * counted per route and status by the HTTP layer (safetwin_http_requests_total).
 */
export function registerDispatchRoutes(app: FastifyInstance, guards: RouteGuards, parts: DispatchDeskParts): void {
  const { desk, roster } = parts;
  const read = guards.requireAction('alarm:read');
  const user = (request: { user: SessionUser | null }) => request.user!;
  const invalid = (reply: FastifyReply, error: z.ZodError) => sendInvalid(reply, 'ST_ERR_DISPATCH_INVALID', error);
  const base = API_PATHS.warnings;
  // Only this route takes a spreadsheet body; every other route answers 415 for text/csv as before.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: DUTY_CSV_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.get(base, { preHandler: read }, async (request, reply) => {
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    const { mine, open, from, to, limit } = query.data;
    return sendCoded(reply, await desk.list({ ...(mine !== undefined && { mine }), ...(open !== undefined && { open }), ...(from !== undefined && { fromMs: from }), ...(to !== undefined && { toMs: to }), ...(limit !== undefined && { limit }) }, user(request)));
  });
  app.get(`${base}/stats`, { preHandler: read }, async (request, reply) => {
    const query = StatsQuery.safeParse(request.query);
    return query.success ? sendCoded(reply, await desk.statistics(query.data.from, query.data.to)) : invalid(reply, query.error);
  });
  // Re-training samples (docs/dispatch.md §7a): the snapshots show people, so personnel:viewNames, and journaled as evidence served.
  app.get(`${base}/samples.tar`, { preHandler: guards.requireAction('personnel:viewNames') }, async (request, reply) => {
    const query = StatsQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    const rows = await desk.trainingRows(query.data.from, query.data.to);
    if (!rows.ok) return sendCoded(reply, rows);
    const out = new PassThrough();
    const readSnapshot = async (eventId: string) => {
      const file = await parts.snapshotFile(eventId);
      // Removed by evidence retention between the two reads: counted as no snapshot.
      return file === null ? null : readFile(file).then((bytes) => new Uint8Array(bytes), () => null);
    };
    const writing = writeTrainingSamples({ rows: rows.value, fromMs: query.data.from, toMs: query.data.to, readSnapshot, out });
    writing.then(
      (result) => parts.journal?.append({ kind: 'personalDataViewed', by: user(request).name, data: { what: 'trainingSamples', fromMs: query.data.from, toMs: query.data.to, images: result.images, annotations: result.annotations, skipped: result.skipped } }),
      (error: unknown) => parts.logger.warn({ err: error }, 're-training samples export ended early'),
    ).catch((error: unknown) => parts.logger.error({ err: error }, 'audit journal: re-training samples export not recorded'));
    return reply.header('content-type', 'application/x-tar').header('content-disposition', `attachment; filename="safetwin-false-camera-events-${new Date().toISOString().slice(0, 10)}.tar"`).send(out);
  });
  app.get(`${base}/:warningId`, { preHandler: read }, async (request, reply) => {
    const params = WarningParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await desk.get(params.data.warningId, user(request))) : invalid(reply, params.error);
  });
  const step = (name: string, take: (warningId: string, body: unknown, user: SessionUser) => Promise<CodedResult<unknown>>) =>
    app.post(`${base}/:warningId/${name}`, { preHandler: read, bodyLimit: STEP_BODY_LIMIT_BYTES }, async (request, reply) => {
      const params = WarningParams.safeParse(request.params);
      return params.success ? sendCoded(reply, await take(params.data.warningId, request.body, user(request))) : invalid(reply, params.error);
    });
  step('acknowledge', (id, body, by) => desk.acknowledgeByUser(id, body, by));
  step('notes', (id, body, by) => desk.noteByUser(id, body, by));
  step('read', (id, _body, by) => desk.readByUser(id, by));
  step('disposition', (id, body, by) => desk.disposeByUser(id, body, by));

  const rosterPath = `${API_PATHS.dispatch}/roster`;
  app.get(rosterPath, { preHandler: read }, async (request) => roster.view(user(request)));
  app.put(rosterPath, { preHandler: read, bodyLimit: ROSTER_BODY_LIMIT_BYTES }, async (request, reply) => sendCoded(reply, await roster.save(request.body, user(request))));
  app.get(`${rosterPath}/duty.csv`, { preHandler: read }, async (_request, reply) => sendCsv(reply, roster.dutyCsv(), 'duty-roster'));
  app.post(`${rosterPath}/duty.csv`, { preHandler: read, bodyLimit: DUTY_CSV_LIMIT_BYTES }, async (request, reply) => {
    if (typeof request.body !== 'string') return reply.code(400).send({ problem: { code: 'ST_ERR_DISPATCH_INVALID', severity: 'info', message: 'the duty file is sent as text/csv' } });
    const imported = await roster.importDutyCsv(request.body, user(request));
    if (imported.ok) return reply.send(imported.value);
    return reply.code(imported.status).send({ problem: imported.problem, ...('errors' in imported && { errors: imported.errors }) });
  });
  app.get(`${API_PATHS.dispatch}/on-duty`, { preHandler: read }, async (request) => roster.onDutyViews(user(request)));
}

/** Warning dispatch as a capability: its routes, and every open warning's countdown to each screen as it connects (then on every change, coalesced, by the desk). */
export function dispatchCapability(parts: DispatchDeskParts): Capability {
  return {
    onConnection(connection) {
      connection.socket.emit(SOCKET_EVENTS.warningDeadlines, parts.desk.deadlines());
    },
    routes: (app, guards) => registerDispatchRoutes(app, guards, parts),
  };
}
