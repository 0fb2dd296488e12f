/**
 * The netlink sock_diag messages for one exact TCP socket lookup (linux/inet_diag.h): a
 * SOCK_DIAG_BY_FAMILY request naming a socket by its own 4-tuple, without NLM_F_DUMP, so the kernel does
 * one hash lookup (inet_diag_find_one_icsk) instead of walking its whole TCP table, and the answer
 * (inet_diag_msg) or the error (NLMSG_ERROR). Netlink headers are in host byte order, which on every
 * platform Lambkin runs on (x86-64, arm64) is little-endian; ports and addresses are in network order.
 */

import { isIPv4 } from 'node:net';

const SOCK_DIAG_BY_FAMILY = 20;
const NLMSG_ERROR = 2;
const NLM_F_REQUEST = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const IPPROTO_TCP = 6;
/** Every state: an exact lookup ignores the filter, the caller judges the state it is told. */
const ALL_STATES = 0xfff;
/** INET_DIAG_NOCOOKIE: the request names the socket by address alone. */
const NO_COOKIE = 0xffffffff;

const NLMSG_HEADER = 16;
/** inet_diag_req_v2: family, protocol, ext, pad, states (8 bytes), then inet_diag_sockid (48 bytes). */
export const LOOKUP_LENGTH = NLMSG_HEADER + 8 + 48;
/** inet_diag_msg: family, state, timer, retrans, sockid (48), expires, rqueue, wqueue, uid, inode. */
const DIAG_MSG_LENGTH = 4 + 48 + 20;

export const TCP_ESTABLISHED = 1;

/** A TCP socket as seen from itself: its own address and port, and its peer's. */
export interface SocketTuple {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

export type LookupAnswer =
  | { seq: number; found: true; localPort: number; remotePort: number; state: number; uid: number; inode: number }
  /** errno from the kernel: ENOENT (2) when no socket has that 4-tuple. */
  | { seq: number; found: false; errno: number };

/** An IPv4 address (plain or IPv4-mapped) as four bytes, or undefined for anything else. */
function ipv4Bytes(address: string): number[] | undefined {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isIPv4(plain) ? plain.split('.').map(Number) : undefined;
}

/**
 * The request for the socket with exactly this 4-tuple. `family` AF_INET finds IPv4 sockets and IPv6
 * sockets connected to IPv4-mapped addresses alike (both live in the same hash under their IPv4
 * addresses); AF_INET6 with mapped addresses asks the same of the IPv6 side. Undefined for a non-IPv4
 * address: Runtime APIs listen on 127.0.0.1 only.
 */
export function encodeLookup(seq: number, tuple: SocketTuple, family: 'inet' | 'inet6' = 'inet'): Buffer | undefined {
  const local = ipv4Bytes(tuple.localAddress);
  const remote = ipv4Bytes(tuple.remoteAddress);
  if (!local || !remote) return undefined;
  const msg = Buffer.alloc(LOOKUP_LENGTH);
  msg.writeUInt32LE(LOOKUP_LENGTH, 0);
  msg.writeUInt16LE(SOCK_DIAG_BY_FAMILY, 4);
  msg.writeUInt16LE(NLM_F_REQUEST, 6);
  msg.writeUInt32LE(seq >>> 0, 8);
  // nlmsg_pid 0: addressed to the kernel.
  msg[16] = family === 'inet' ? AF_INET : AF_INET6;
  msg[17] = IPPROTO_TCP;
  msg.writeUInt32LE(ALL_STATES, 20);
  msg.writeUInt16BE(tuple.localPort, 24);
  msg.writeUInt16BE(tuple.remotePort, 26);
  writeAddress(msg, 28, local, family);
  writeAddress(msg, 44, remote, family);
  // idiag_if 0: any interface.
  msg.writeUInt32LE(NO_COOKIE, 64);
  msg.writeUInt32LE(NO_COOKIE, 68);
  return msg;
}

/** idiag_src / idiag_dst: the IPv4 address in the first word, or IPv4-mapped (::ffff:a.b.c.d). */
function writeAddress(msg: Buffer, at: number, bytes: number[], family: 'inet' | 'inet6'): void {
  if (family === 'inet6') {
    msg.writeUInt16BE(0xffff, at + 10);
    at += 12;
  }
  for (let i = 0; i < 4; i++) msg[at + i] = bytes[i]!;
}

/** The kernel's answer to one lookup; undefined when the bytes are not one (a relay gone wrong). */
export function decodeAnswer(reply: Buffer): LookupAnswer | undefined {
  if (reply.length < NLMSG_HEADER) return undefined;
  const length = reply.readUInt32LE(0);
  const type = reply.readUInt16LE(4);
  const seq = reply.readUInt32LE(8);
  if (length > reply.length || length < NLMSG_HEADER) return undefined;
  if (type === NLMSG_ERROR) {
    if (length < NLMSG_HEADER + 4) return undefined;
    const error = reply.readInt32LE(NLMSG_HEADER);
    // 0 would be an acknowledgement, which a request without NLM_F_ACK never gets.
    return error < 0 ? { seq, found: false, errno: -error } : undefined;
  }
  if (type !== SOCK_DIAG_BY_FAMILY || length < NLMSG_HEADER + DIAG_MSG_LENGTH) return undefined;
  const body = NLMSG_HEADER;
  return {
    seq,
    found: true,
    localPort: reply.readUInt16BE(body + 4),
    remotePort: reply.readUInt16BE(body + 6),
    state: reply[body + 1]!,
    uid: reply.readUInt32LE(body + 64),
    inode: reply.readUInt32LE(body + 68),
  };
}
