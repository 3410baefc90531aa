import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DownloadError } from './download-error';

/** What a downloaded file must satisfy; any field may be omitted when unknown. */
export interface ExpectedFile {
  /** Byte size of the file as served. */
  size?: number;
  /** sha256 (hex) of the file as served. */
  sha256?: string;
  /** sha256 (hex) of the content after gunzip (robust to re-compression, e.g. Debian's copies). */
  contentSha256?: string;
}

/** Result of {@link downloadFile}. */
export interface DownloadResult {
  file: string;
  /** Bytes transferred by this call (0 when the file was already complete). */
  transferred: number;
  /** True when a partial download was continued with an HTTP Range request. */
  resumed: boolean;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

async function sha256Of(file: string, gunzip: boolean): Promise<string> {
  const hash = createHash('sha256');
  const input = createReadStream(file);
  if (gunzip) await pipeline(input, createGunzip(), hash);
  else await pipeline(input, hash);
  return hash.digest('hex');
}

/** Checks size and checksums; returns a problem description or undefined when the file is good. */
export async function verifyFile(file: string, expected: ExpectedFile): Promise<string | undefined> {
  const size = await sizeOf(file);
  if (size === undefined) return 'file is missing';
  if (expected.size !== undefined && size !== expected.size) return `size ${size} bytes, expected ${expected.size}`;
  if (expected.sha256) {
    const actual = await sha256Of(file, false);
    if (actual !== expected.sha256) return `sha256 ${actual}, expected ${expected.sha256}`;
  }
  if (expected.contentSha256) {
    let actual: string;
    try {
      actual = await sha256Of(file, true);
    } catch (error) {
      return `content cannot be gunzipped (${(error as Error).message})`;
    }
    if (actual !== expected.contentSha256) return `content sha256 ${actual}, expected ${expected.contentSha256}`;
  }
  return undefined;
}

/** The message of a failed fetch, with its cause (fetch itself only says "fetch failed"). */
function reason(error: unknown): string {
  const { message, cause } = error as Error;
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}

/** GET with redirects followed and no content encoding (sizes and checksums are of the bytes as served). */
async function get(url: string, offset: number): Promise<Response> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  try {
    return await fetch(url, { headers, redirect: 'follow' });
  } catch (error) {
    throw new DownloadError('DOWNLOAD_FAILED', url, `request failed (${reason(error)})`, { cause: error });
  }
}

/**
 * Downloads `url` to `destination`: bytes go to `destination.part`, a partial file is continued with
 * an HTTP Range request (through fetch, redirects followed), and only a verified file is renamed (atomically) into place. A file already
 * at `destination` that verifies is kept. Fails with DownloadError (DOWNLOAD_FAILED or CHECKSUM_MISMATCH).
 */
export async function downloadFile(url: string, destination: string, expected: ExpectedFile = {}): Promise<DownloadResult> {
  if ((await sizeOf(destination)) !== undefined && (await verifyFile(destination, expected)) === undefined) {
    return { file: destination, transferred: 0, resumed: false };
  }
  await mkdir(path.dirname(destination), { recursive: true });
  const partial = `${destination}.part`;
  let offset = (await sizeOf(partial)) ?? 0;
  if (expected.size !== undefined && offset > expected.size) {
    await rm(partial);
    offset = 0;
  }
  let transferred = 0;
  let resumed = false;
  const complete = expected.size !== undefined && offset === expected.size;
  if (!complete) {
    const response = await get(url, offset);
    const status = response.status;
    if (status === 416 && offset > 0) {
      await response.body?.cancel(); // the partial file already holds everything the server has
    } else if ((status === 200 || status === 206) && response.body) {
      resumed = status === 206 && offset > 0;
      // A read is always pending and each chunk is written synchronously: an erroring web stream drops
      // the chunks still queued in it, so nothing may wait between reads. What arrived before a dropped
      // connection is then on disk for the next run to resume from.
      const fd = openSync(partial, resumed ? 'a' : 'w');
      const reader = response.body.getReader();
      try {
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          writeSync(fd, read.value);
          transferred += read.value.length;
        }
      } catch (error) {
        throw new DownloadError('DOWNLOAD_FAILED', url, `connection lost after ${transferred} bytes; run again to resume`, { cause: error });
      } finally {
        closeSync(fd);
      }
      const announced = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(announced) && transferred < announced) {
        throw new DownloadError('DOWNLOAD_FAILED', url, `connection closed after ${transferred} of ${announced} bytes; run again to resume`);
      }
    } else {
      await response.body?.cancel();
      throw new DownloadError('DOWNLOAD_FAILED', url, `HTTP status ${status}`);
    }
  }
  const problem = await verifyFile(partial, expected);
  if (problem) {
    await rm(partial, { force: true });
    throw new DownloadError('CHECKSUM_MISMATCH', url, `downloaded file rejected: ${problem}`);
  }
  await rename(partial, destination);
  return { file: destination, transferred, resumed };
}
