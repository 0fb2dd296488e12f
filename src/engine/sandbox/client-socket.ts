import { clientSocketInode } from './proc-tcp-table.js';
import { SockDiagRelay } from './sock-diag-relay.js';
import { TCP_ESTABLISHED, type LookupAnswer, type SocketTuple } from './sock-diag.js';

/** ENOENT: the kernel has no socket with that 4-tuple. */
const NO_SUCH_SOCKET = 2;

/** One relay for the whole server: started on the first connection, shared by every Runtime API. */
export const sockDiag = new SockDiagRelay();

/**
 * The inode of the client socket of a connection this server accepted (`accepted` as the server's end
 * sees it), or undefined when no live (ESTABLISHED) socket has its 4-tuple. Asked of the kernel by exact
 * lookup through the sock_diag relay, a few tens of microseconds; from the /proc table when the relay
 * cannot answer. Either way the answer is the kernel's state at that moment.
 *
 * A relay's answers are believed once it has found a socket known to exist: on its first lookup it is
 * also asked for the server's own end of the connection. A kernel that opens sock_diag sockets but has
 * no TCP diag support says ENOENT to everything, which would otherwise refuse every connection.
 */
export async function clientSocketOf(accepted: SocketTuple, relay: SockDiagRelay = sockDiag): Promise<string | undefined> {
  const client: SocketTuple = {
    localAddress: accepted.remoteAddress,
    localPort: accepted.remotePort,
    remoteAddress: accepted.localAddress,
    remotePort: accepted.localPort,
  };
  if (relay.usable) {
    // Answers come from the relay running when they were asked, which was verified already or is now.
    const verifying = relay.verified ? undefined : relay.lookup(accepted);
    const asking = relay.lookup(client);
    const generation = relay.generation;
    const [answer, known] = await Promise.all([asking, verifying]);
    if (known) relay.judge(generation, known.found);
    if (answer && (!verifying || known?.found)) {
      const inode = inodeFrom(answer, client);
      if (inode !== 'unknown') return inode;
    }
  }
  return clientSocketInode(client.localAddress, client.localPort, client.remoteAddress, client.remotePort);
}

/** The live socket's inode; undefined when there is none; 'unknown' for an error that says neither. */
function inodeFrom(answer: LookupAnswer, asked: SocketTuple): string | undefined | 'unknown' {
  if (!answer.found) return answer.errno === NO_SUCH_SOCKET ? undefined : 'unknown';
  if (answer.localPort !== asked.localPort || answer.remotePort !== asked.remotePort) return 'unknown';
  // A closed connection with the same ports may linger (TIME_WAIT, inode 0): only a live socket counts.
  return answer.state === TCP_ESTABLISHED && answer.inode !== 0 ? String(answer.inode) : undefined;
}
