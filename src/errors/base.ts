/**
 * The one error type the engine and the control plane throw. The API layer turns it into AWS's wire
 * format: status, `x-amzn-ErrorType` header and a JSON body whose member casing follows the error shape.
 */
export type MessageCasing = 'Message' | 'message';

export interface LambdaErrorOptions {
  /** `Type` member of the body ("User" or "Service"); omitted when undefined. */
  type?: 'User' | 'Service' | undefined;
  /** Casing of the message member in the body. */
  casing?: MessageCasing;
  /** Extra body members (e.g. `retryAfterSeconds`, `Reason`). */
  fields?: Record<string, unknown>;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

export class LambdaError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: 'User' | 'Service' | undefined;
  readonly casing: MessageCasing;
  readonly fields: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: string, status: number, message: string, options: LambdaErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.type = options.type;
    this.casing = options.casing ?? 'message';
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }

  /** The JSON body AWS sends for this error. */
  body(): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (this.type !== undefined) body.Type = this.type;
    body[this.casing] = this.message;
    return Object.assign(body, this.fields);
  }
}
