import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, REPLAY_EXPORTS_PATH, type Action } from '../contracts/index.js';

export type ReplayExportRoutesDeps = {
  /** The folder replay:export writes training packages to (ReplayPlayers' exportsDir). */
  exportsDir: string;
  requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

/** Only the names replay:export gives its packages: a name, never a path. */
const EXPORT_NAME = /^[A-Za-z0-9_.-]+\.mcap$/;

type ExportParams = { Params: { name: string } };

/**
 * GET <REPLAY_EXPORTS_PATH>/<name>: a training package the trainer exported, downloaded to their machine
 * (issue 12.6: an export is kept on the server and saved where the user is). Same right as exporting
 * (replay:control). The name is checked against the export naming and read from the exports folder
 * only, so no request reaches another file.
 */
export function registerReplayExportRoutes(app: FastifyInstance, deps: ReplayExportRoutesDeps): void {
  app.get<ExportParams>(`${REPLAY_EXPORTS_PATH}/:name`, { preHandler: deps.requireAction('replay:control') }, async (request, reply) => {
    const name = request.params.name;
    const file = path.join(deps.exportsDir, name);
    const found = EXPORT_NAME.test(name) && !name.startsWith('.') ? await stat(file).catch(() => null) : null;
    if (!found?.isFile()) return reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no exported package "${name}"` }) });
    request.log.info({ user: request.user?.name, name, bytes: found.size }, 'training package downloaded');
    return reply
      .type('application/octet-stream')
      .header('content-length', String(found.size))
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'private, no-store')
      .send(createReadStream(file));
  });
}
