import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, Result, ServerToClientEvents } from '../../main/contracts/index.js';

export type CoreSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One request to the core over socket.io, as the console makes it: the value of an ok result, an Error with the problem's message otherwise. */
export async function request<T>(socket: CoreSocket, event: keyof ClientToServerEvents, ...payload: unknown[]): Promise<T> {
  const emit = socket.timeout(20_000).emitWithAck.bind(socket.timeout(20_000)) as (event: string, ...args: unknown[]) => Promise<Result<T>>;
  const result = await emit(event, ...payload);
  if (!result.ok) throw new Error(result.problem.message);
  return result.value;
}
