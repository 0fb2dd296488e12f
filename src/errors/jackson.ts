/**
 * AWS parses request bodies with Jackson and quotes its complaint back in InvalidRequestContentException
 * ("Could not parse request body into json: Unrecognized token 'x': was expecting ..."). This scans text
 * that JSON.parse rejected and words the first problem as Jackson does. Only the error path runs it.
 */
const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const SOURCE_LIMIT = 500;

class JsonSyntax extends Error {}

export function jacksonMessage(text: string): string {
  let i = 0;
  const source = text.length > SOURCE_LIMIT
    ? `(byte[])"${text.slice(0, SOURCE_LIMIT)}"[truncated ${Buffer.byteLength(text) - SOURCE_LIMIT} bytes]`
    : `(byte[])"${text}"`;
  const at = (index: number): string => {
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    return `[Source: ${source}; line: ${line}, column: ${index - before.lastIndexOf('\n')}]`;
  };
  // Jackson reports the position just past the character it stopped on.
  const fail = (what: string, index = i + 1): never => { throw new JsonSyntax(`${what}\n at ${at(index)}`); };
  const describe = (c: string): string => {
    const code = c.codePointAt(0)!;
    return code < 32 ? `((CTRL-CHAR, code ${code}))` : `('${c}' (code ${code}))`;
  };
  const skip = () => { while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++; };
  const endOfInput = (what: string, start: number) =>
    fail(`Unexpected end-of-input: expected close marker for ${what} (start marker at ${at(start)})`, text.length + 1);

  function string(): void {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text[i]!;
      if (c.charCodeAt(0) < 32) fail(`Illegal unquoted character (${describe(c).slice(1, -1)}): has to be escaped using backslash to be included in string value`);
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) break;
        if (!'"\\/bfnrtu'.includes(e)) fail(`Unrecognized character escape ${describe(e).slice(1, -1)}`, i + 2);
        i++;
      }
      i++;
    }
    if (i >= text.length) fail('Unexpected end-of-input in VALUE_STRING', text.length + 1);
    i++;
  }

  function value(): void {
    skip();
    const c = text[i];
    if (c === undefined) fail(`Unexpected end-of-input: expected a valid value ${VALUE_EXPECTED}`, text.length + 1);
    if (c === '{') return container('}', 'Object');
    if (c === '[') return container(']', 'Array');
    if (c === '"') return string();
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) { i += number[0].length; return; }
    const token = /^[A-Za-z0-9_$]+/.exec(text.slice(i))?.[0];
    if (token === 'true' || token === 'false' || token === 'null') { i += token.length; return; }
    if (token) fail(`Unrecognized token '${token}': was expecting ${VALUE_EXPECTED}`, i + token.length);
    fail(`Unexpected character ${describe(c!)}: expected a valid value ${VALUE_EXPECTED}`);
  }

  function container(close: string, kind: 'Object' | 'Array'): void {
    const start = i++;
    skip();
    if (text[i] === close) { i++; return; }
    for (;;) {
      skip();
      if (kind === 'Object') {
        if (i >= text.length) endOfInput(kind, start);
        if (text[i] !== '"') fail(`Unexpected character ${describe(text[i]!)}: was expecting double-quote to start field name`);
        string();
        skip();
        if (i >= text.length) endOfInput(kind, start);
        if (text[i] !== ':') fail(`Unexpected character ${describe(text[i]!)}: was expecting a colon to separate field name and value`);
        i++;
      }
      value();
      skip();
      if (i >= text.length) endOfInput(kind, start);
      if (text[i] === close) { i++; return; }
      if (text[i] !== ',') fail(`Unexpected character ${describe(text[i]!)}: was expecting comma to separate ${kind} entries`);
      i++;
    }
  }

  try {
    skip();
    if (i >= text.length) return `No content to map due to end-of-input\n at ${at(0)}`;
    value();
    skip();
    if (i < text.length) fail(`Unexpected character ${describe(text[i]!)}: Expected space separating root-level values`);
    return `Unexpected end-of-input\n at ${at(text.length + 1)}`;
  } catch (err) {
    if (err instanceof JsonSyntax) return err.message;
    throw err;
  }
}
