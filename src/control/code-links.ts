/**
 * Time-limited download links for function and layer code (`Code.Location`), served by Lambkin itself
 * under /_lambkin/code/ and signed with the data dir's secret, like the presigned S3 URLs AWS returns.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const LINK_LIFETIME_SECONDS = 600;

export class CodeLinks {
  constructor(private readonly secret: Buffer, private readonly endpoint: () => string) {}

  private sign(blobKey: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${blobKey}\n${expires}`).digest('hex');
  }

  url(blobKey: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + LINK_LIFETIME_SECONDS;
    return `${this.endpoint()}/_lambkin/code/${blobKey}?Expires=${expires}&Signature=${this.sign(blobKey, expires)}`;
  }

  /** Whether a link is authentic and not expired. */
  verify(blobKey: string, expires: string | null, signature: string | null, now = Date.now()): boolean {
    const when = Number(expires);
    if (!signature || !Number.isInteger(when) || when * 1000 < now) return false;
    const expected = Buffer.from(this.sign(blobKey, when));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
