/** `{"cidr": "10.0.0.0/24"}` (IPv4 or IPv6): matches string values that are addresses inside the block. */
import type { StringTest } from './strings.js';
import { InvalidPatternError } from './syntax.js';

interface Address { bits: 32 | 128; value: bigint }

export function cidrTest(operand: unknown): StringTest {
  if (typeof operand !== 'string') throw new InvalidPatternError('cidr takes a string');
  const [ip, length, ...extra] = operand.split('/');
  const network = parseAddress(ip ?? '');
  if (!network || extra.length > 0) throw new InvalidPatternError(`cidr: ${operand} is not a CIDR block`);
  let prefixLength: number = network.bits;
  if (length !== undefined) {
    if (!/^\d{1,3}$/.test(length) || Number(length) > network.bits) {
      throw new InvalidPatternError(`cidr: ${operand} has a bad prefix length`);
    }
    prefixLength = Number(length);
  }
  const shift = BigInt(network.bits - prefixLength);
  const wanted = network.value >> shift;
  return (value) => {
    const address = parseAddress(value);
    return address !== undefined && address.bits === network.bits && address.value >> shift === wanted;
  };
}

export function parseAddress(text: string): Address | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Address | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return { bits: 32, value };
}

function parseIpv6(text: string): Address | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return { bits: 128, value };
}

/** The 16-bit groups of one side of `::`; a trailing dotted IPv4 address counts as two groups. */
function groupsOf(side: string): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return undefined;
      groups.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
