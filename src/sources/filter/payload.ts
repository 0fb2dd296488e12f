/**
 * The message part of a record (SQS `body`, Kinesis and Amazon MQ `data`) as the candidate holds it, with
 * how it read. AWS matches the two halves of a pattern against it only when the formats agree: a nested
 * pattern (`{"body": {"k": [...]}}`) against a JSON message, a value list (`{"body": [{"prefix": ...}]}`)
 * against a plain-text one. A pattern whose format disagrees drops the record; a pattern that names no
 * message key filters on the record's other fields only.
 */
export class FilterPayload {
  private constructor(
    readonly format: 'json' | 'text',
    /** The parsed JSON object or array, or the text itself. */
    readonly value: unknown,
  ) {}

  /** JSON when the text parses to an object or an array; anything else (a bare number too) is text. */
  static fromText(text: string): FilterPayload {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return new FilterPayload('json', JSON.parse(text));
      } catch {
        // not JSON after all: text
      }
    }
    return new FilterPayload('text', text);
  }

  /** Base64 data (Kinesis, Amazon MQ), decoded as UTF-8 first. */
  static fromBase64(data: string): FilterPayload {
    return FilterPayload.fromText(Buffer.from(data, 'base64').toString('utf8'));
  }
}
