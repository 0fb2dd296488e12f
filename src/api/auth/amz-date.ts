/** SigV4 timestamps: the ISO-8601 basic format `YYYYMMDDTHHMMSSZ` used by `X-Amz-Date` and in AWS's messages. */

const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `20261121T093000Z`; undefined when the text is not a real instant in that exact form. */
export function parseAmzDate(text: string): Date | undefined {
  const m = BASIC_FORMAT.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  // Date.UTC rolls 20261331 over into the next year; a round trip rejects such dates.
  return formatAmzDate(date) === text ? date : undefined;
}

/** Parses an RFC 7231 `Date` header, the alternative AWS accepts when `X-Amz-Date` is absent. */
export function parseHttpDate(text: string): Date | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function formatAmzDate(date: Date): string {
  const iso = date.toISOString();
  // `YYYY-MM-DDTHH:MM:SS.mmmZ` cut into place; years beyond four digits keep the general form.
  if (iso.length !== 24) return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** `YYYYMMDD`, the date element of a credential scope. */
export function formatScopeDate(date: Date): string {
  return formatAmzDate(date).slice(0, 8);
}

/** How AWS prints a time window in its "Signature expired" messages: `5 min`, or `90 sec` when not whole minutes. */
export function formatWindow(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`;
}
