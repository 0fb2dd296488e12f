/**
 * A TCP listener on a free loopback port for tests of connection admission: it keeps every accepted
 * socket (destroyed when the file ends) and hands the next one to whoever waits for it.
 */
import { after, before } from 'node:test';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface LoopbackListener {
  readonly port: number;
  readonly accepted: readonly Socket[];
  /** The server's end of the next connection accepted. */
  nextConnection(): Promise<Socket>;
}

/** Registers before/after hooks in the calling suite; `port` is set once the before hook ran. */
export function loopbackListener(): LoopbackListener {
  let server: Server;
  let waiting: ((socket: Socket) => void) | undefined;
  const accepted: Socket[] = [];
  const listener = {
    port: 0,
    accepted,
    nextConnection: () => new Promise<Socket>((resolve) => (waiting = resolve)),
  };
  before(async () => {
    server = createServer((socket) => {
      accepted.push(socket);
      waiting?.(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    listener.port = (server.address() as AddressInfo).port;
  });
  after(() => {
    for (const socket of accepted) socket.destroy();
    server.close();
  });
  return listener;
}
