import type { FastifyError, FastifyInstance } from 'fastify';
import { problem, type HealthResponse, type MqttLinkState, type Problem } from '../contracts/index.js';
import { boundedText, type InputBoundary } from '../log/index.js';
import { clientProblem } from '../platform/index.js';

/**
 * The input boundary of HTTP (issue 13): whatever a route or hook throws ends in Fastify's error handler,
 * which this replaces so that a failure is counted per route (safetwin_handler_errors_total{surface="http"}),
 * logged at most once per interval per route, and answered with a coded problem that carries no server
 * detail (its text is in the log). A request Fastify itself refuses (a body over bodyLimit, unparseable JSON) is the client's error:
 * 4xx with ST_ERR_HTTP_BAD_REQUEST, counted in safetwin_http_requests_total by status like every request.
 */
export function installHttpBoundary(app: FastifyInstance, boundary: InputBoundary): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ problem: clientProblem(problem('ST_ERR_HTTP_BAD_REQUEST', 'info', { message: boundedText(error.message, 200) })) });
    boundary.failed('http', `${request.method} ${request.routeOptions.url ?? 'unmatched'}`, error);
    return reply.code(500).send({ problem: problem('ST_ERR_REQUEST_FAILED', 'error') });
  });
}

/**
 * The health report: "degraded" while a problem of severity error is active, and while the broker link is down
 * (issue 13: health said "ok" with the broker unreachable). "connecting" is the first attempt after start, not
 * yet a loss; mqtt.js reports a failed attempt as "reconnecting".
 */
export function healthReport(input: { problems: readonly Problem[]; mqtt: MqttLinkState; uptimeS: number; authRequired: boolean }): HealthResponse {
  const linkDown = input.mqtt === 'reconnecting' || input.mqtt === 'offline';
  const problems = linkDown ? [...input.problems, problem('ST_ERR_MQTT_LINK_DOWN', 'error', { message: `no connection to the MQTT broker (link ${input.mqtt}): live values are not arriving`, tip: 'Check that the broker runs and is reachable from the core (--mqtt-url, credentials, TLS files).' })] : [...input.problems];
  return {
    status: problems.some((p) => p.severity === 'error') ? 'degraded' : 'ok',
    uptimeS: input.uptimeS,
    authRequired: input.authRequired,
    problems,
    mqtt: input.mqtt,
  };
}
