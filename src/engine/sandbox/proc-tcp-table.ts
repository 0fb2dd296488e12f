import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The slow way to find a TCP socket's inode, for hosts where no sock_diag relay can run: the kernel
 * lists every TCP socket of the network namespace in /proc/net/tcp (tcp6 for IPv6 sockets, including
 * IPv4-mapped ones) with its inode. Reading the table costs the kernel a walk over its whole TCP hash:
 * about 1 ms on a host with a large hash table, a few ms with thousands of sockets.
 */

const ESTABLISHED = '01';
/** Fields of a /proc/net/tcp line: sl, local, remote, state, ..., inode is the tenth. */
const INODE_FIELD = 9;

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** An IPv4 address as /proc/net/tcp prints it: the 32-bit value in host (little-endian) order. */
function ipv4Hex(address: string): string | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let out = '';
  for (let i = 3; i >= 0; i--) {
    const byte = Number(parts[i]);
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) return undefined;
    out += byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The same IPv4 address as an IPv4-mapped IPv6 address in /proc/net/tcp6 (four host-order words). */
function mappedHex(v4: string): string {
  return `0000000000000000FFFF0000${v4}`;
}

function inodeIn(table: string, needle: string): string | undefined {
  for (let at = table.indexOf(needle); at !== -1; at = table.indexOf(needle, at + 1)) {
    const lineEnd = table.indexOf('\n', at);
    const lineStart = table.lastIndexOf('\n', at) + 1;
    const fields = table.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).trim().split(/\s+/);
    // A closed connection with the same ports may linger (TIME_WAIT, inode 0): only a live socket counts.
    if (fields[3] === ESTABLISHED && fields[INODE_FIELD] && fields[INODE_FIELD] !== '0') return fields[INODE_FIELD];
  }
  return undefined;
}

/** Reads a /proc table in as few reads as possible: the kernel resumes its walk on every read call. */
function readTable(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    let buffer = Buffer.allocUnsafe(1024 * 1024);
    let size = 0;
    for (;;) {
      if (size === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = readSync(fd, buffer, size, buffer.length - size, null);
      if (read === 0) break;
      size += read;
    }
    return buffer.toString('latin1', 0, size);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The inode of the client socket of a connection accepted on `serverAddress:serverPort` from
 * `clientAddress:clientPort`, or undefined when the kernel lists no such live socket.
 */
export function clientSocketInode(clientAddress: string, clientPort: number, serverAddress: string, serverPort: number): string | undefined {
  const client = ipv4Hex(clientAddress.startsWith('::ffff:') ? clientAddress.slice(7) : clientAddress);
  const server = ipv4Hex(serverAddress.startsWith('::ffff:') ? serverAddress.slice(7) : serverAddress);
  if (!client || !server) return undefined;
  const ports = [hex4(clientPort), hex4(serverPort)] as const;
  const v4 = inodeIn(readTable('/proc/net/tcp'), ` ${client}:${ports[0]} ${server}:${ports[1]} `);
  if (v4) return v4;
  return inodeIn(readTable('/proc/net/tcp6'), ` ${mappedHex(client)}:${ports[0]} ${mappedHex(server)}:${ports[1]} `);
}
