import type { Server } from 'socket.io';
import type { SessionUser } from '../contracts/index.js';
import { mayViewPersonalData } from './PersonalData.js';

type AnyServer = Pick<Server, 'of'>;

/**
 * A broadcast that may carry personal data: each connected socket gets the full message when its user
 * may view personal data now (the role is read at send time, so a changed role applies to the next
 * message), the anonymous one otherwise. Replaces io.emit for such events.
 */
export function emitByGrant<T>(io: AnyServer, event: string, full: T, anonymous: T): void {
  for (const socket of io.of('/').sockets.values()) {
    const user = (socket.data as { user?: SessionUser } | undefined)?.user;
    socket.emit(event, mayViewPersonalData(user) ? full : anonymous);
  }
}
