/**
 * AWS parses JSON with Jackson and quotes its error text back ("Could not parse payload into json:
 * Unrecognized token 'x': was expecting ..."). This reproduces the common cases of that text.
 */
const EXPECTING = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const SOURCE_LIMIT = 500;

function source(text: string): string {
  const shown = text.length > SOURCE_LIMIT ? `${text.slice(0, SOURCE_LIMIT)}"[truncated ${Buffer.byteLength(text) - SOURCE_LIMIT} bytes]` : `${text}"`;
  return `(byte[])"${shown}`;
}

/** Line and column (1-based) of an offset, as Jackson counts them. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Jackson's description of why `text` is not JSON (for text JSON.parse rejected). */
export function jacksonMessage(text: string): string {
  const start = text.search(/\S/);
  if (start < 0) return `No content to map due to end-of-input\n at [Source: ${source(text)}; line: 1, column: 0]`;
  const first = text[start]!;
  if (/[A-Za-z_]/.test(first)) {
    const token = /^[A-Za-z0-9_$]+/.exec(text.slice(start))![0];
    const { line, column } = position(text, start + token.length);
    return `Unrecognized token '${token}': was expecting ${EXPECTING}\n at [Source: ${source(text)}; line: ${line}, column: ${column}]`;
  }
  if (!/[[{"0-9-]/.test(first)) {
    const { line, column } = position(text, start + 1);
    const code = first.codePointAt(0)!;
    const shown = code < 32 ? `(CTRL-CHAR, code ${code})` : `'${first}' (code ${code})`;
    return `Unexpected character (${shown}): expected a valid value ${EXPECTING}\n at [Source: ${source(text)}; line: ${line}, column: ${column}]`;
  }
  const { line, column } = position(text, text.length);
  return `Unexpected end-of-input or malformed JSON\n at [Source: ${source(text)}; line: ${line}, column: ${column}]`;
}
