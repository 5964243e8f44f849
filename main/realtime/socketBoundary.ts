import type { InputBoundary } from '../log/index.js';

type Listener = (...args: unknown[]) => unknown;

/**
 * The input boundary of socket.io (issue 13): every listener registered on the connection from here on, by
 * the gateway or by a capability (FeatureConnection.socket), runs behind the boundary. A throw inside one
 * would otherwise leave socket.io's packet handling as an uncaught exception and stop the core; here it is
 * counted per event (safetwin_handler_errors_total{surface="socket"}), logged rate-limited, and the
 * connection and the core go on.
 */
export function guardSocketListeners(socket: { on: unknown }, boundary: InputBoundary): void {
  const target = socket as { on: (event: string, listener: Listener) => unknown };
  const on = target.on.bind(target);
  target.on = (event, listener) => on(event, boundary.guard('socket', event, listener));
}
