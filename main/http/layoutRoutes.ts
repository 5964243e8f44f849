import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, WindowLayoutSchema, type Action } from '../contracts/index.js';
import { clientProblem, PACKAGE_ROOT } from '../platform/index.js';

const LAYOUT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Video-wall layouts: the built-in ones (assets/layouts) and the site's own (<dataDir>/layouts,
 * which win on a name clash). Read on each request so an edited file applies on the next reload.
 */
export function registerLayoutRoutes(app: FastifyInstance, deps: { dataDir: string; requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> }): void {
  const folders = [path.join(deps.dataDir, 'layouts'), path.join(PACKAGE_ROOT, 'assets', 'layouts')];

  app.get('/api/layouts', { preHandler: deps.requireAction('scene:read') }, async () => {
    const names = new Set<string>();
    for (const folder of folders) {
      for (const file of await readdir(folder).catch(() => [] as string[])) if (file.endsWith('.json')) names.add(file.slice(0, -5));
    }
    return [...names].sort();
  });

  app.get<{ Params: { name: string } }>('/api/layouts/:name', { preHandler: deps.requireAction('scene:read') }, async (request, reply) => {
    const { name } = request.params;
    if (!LAYOUT_NAME.test(name)) return reply.code(400).send({ problem: problem('ST_ERR_SOCKET_PAYLOAD', 'info', { message: 'a layout name is 1–64 letters, digits, "_" or "-"' }) });
    for (const folder of folders) {
      const file = path.join(folder, `${name}.json`);
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        return reply.code(422).send({ problem: clientProblem(problem('ST_ERR_CONFIG_INVALID', 'error', { message: `invalid JSON: ${(error as Error).message}`, location: file })) });
      }
      const parsed = WindowLayoutSchema.safeParse(json);
      // The file's name, not where the server keeps it (clientProblem).
      if (!parsed.success) return reply.code(422).send({ problem: clientProblem(problem('ST_ERR_CONFIG_INVALID', 'error', { message: parsed.error.issues.map((i) => `$.${i.path.join('.')}: ${i.message}`).join('; '), location: file })) });
      return parsed.data;
    }
    return reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no layout "${name}"` }) });
  });
}
