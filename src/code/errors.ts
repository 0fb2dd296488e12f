import { LambdaError } from '../errors/base.js';
import { InvalidParameterValueException, RequestEntityTooLargeException } from '../errors/catalogue.js';

/** AWS's quotas for a deployment package uploaded as a zip. */
export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;

/** Limits to enforce; AWS_ZIP_LIMITS unless a caller (tests, a stricter deployment) sets its own. */
export interface ZipLimits {
  maxZippedBytes: number;
  maxUnzippedBytes: number;
}

export const AWS_ZIP_LIMITS: ZipLimits = { maxZippedBytes: MAX_ZIPPED_BYTES, maxUnzippedBytes: MAX_UNZIPPED_BYTES };

export function couldNotUnzip(): LambdaError {
  return new InvalidParameterValueException('Could not unzip uploaded file. Please check your file, then try to upload again.');
}

export function zippedTooLarge(limits: ZipLimits): LambdaError {
  return new RequestEntityTooLargeException(`Zipped size must be smaller than ${limits.maxZippedBytes} bytes`);
}

export function unzippedTooLarge(limits: ZipLimits): LambdaError {
  return new InvalidParameterValueException(`Unzipped size must be smaller than ${limits.maxUnzippedBytes} bytes`);
}

/**
 * Failures of the host rather than of the upload (disk full, too many open files): these must not be
 * reported to the caller as a broken zip.
 */
const HOST_ERROR_CODES = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EIO', 'EROFS', 'ENOMEM']);

/** Anything that is not already an AWS error or a host failure means the archive cannot be unpacked. */
export function asUnzipError(error: unknown): unknown {
  if (error instanceof LambdaError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && HOST_ERROR_CODES.has(code)) return error;
  return couldNotUnzip();
}
