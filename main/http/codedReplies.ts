import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Problem } from '../contracts/index.js';

/** A register's answer: the value, or a coded problem with the HTTP status it is answered with. */
export type CodedResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409 | 503; problem: Problem };

/** Sends a register's answer: the value with `okStatus`, or `{ problem }` with the refusal's status. */
export function sendCoded<T>(reply: FastifyReply, result: CodedResult<T>, okStatus = 200) {
  return result.ok ? reply.code(okStatus).send(result.value) : reply.code(result.status).send({ problem: result.problem });
}

/** Issues a client can act on: at most the first five, each as "path: message" ("request" for the whole). */
const MAX_ISSUES_TOLD = 5;

/** 400 with `code` and the request's first issues (its path, query or body failed its schema). */
export function sendInvalid(reply: FastifyReply, code: string, issues: z.ZodError) {
  const message = issues.issues
    .slice(0, MAX_ISSUES_TOLD)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
  return reply.code(400).send({ problem: { code, severity: 'info', message } });
}
