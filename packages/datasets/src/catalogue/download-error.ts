import { LowresError } from '@lowres/core';

/** A download failed (HTTP error, connection lost) or its content did not match the expected checksum. */
export class DownloadError extends LowresError {
  /** The marker every DownloadError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/datasets/error/DownloadError');
  readonly url: string;
  constructor(code: 'DOWNLOAD_FAILED' | 'CHECKSUM_MISMATCH', url: string, problem: string, options?: { cause?: unknown }) {
    super(code, `${url}: ${problem}`, options);
    this.url = url;
  }
}
