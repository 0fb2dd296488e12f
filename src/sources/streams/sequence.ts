/** Stream sequence numbers are decimal strings of any length (Kinesis: 56 digits; emulators: 1, 2, 3). */
export function compareSequenceNumbers(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
