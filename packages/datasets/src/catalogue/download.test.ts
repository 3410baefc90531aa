import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from './download';
import { DownloadError } from './download-error';

const payload = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 31 + 7) % 256));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Requests the server saw: path, Range header, bytes sent. */
const log: Array<{ url: string; range?: string; encoding?: string; sent: number }> = [];
const gzipped = gzipSync(payload);
let cutNextAfter: number | undefined;
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const entry: (typeof log)[number] = { url: req.url ?? '', sent: 0 };
    if (req.headers.range) entry.range = req.headers.range;
    log.push(entry);
    const send = (status: number, body: Buffer, headers: Record<string, string | number> = {}) => {
      res.writeHead(status, { 'Content-Length': body.length, ...headers });
      entry.sent = body.length;
      if (cutNextAfter !== undefined) {
        const cut = cutNextAfter;
        cutNextAfter = undefined;
        entry.sent = cut;
        // end (FIN) rather than destroy (RST), so the bytes already sent reach the client
        res.write(body.subarray(0, cut), () => res.socket?.end());
        return;
      }
      res.end(body);
    };
    if (req.url === '/file.bin' || req.url === '/no-range.bin') {
      const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (match && req.url === '/file.bin') {
        const start = Number(match[1]);
        if (start >= payload.length) return send(416, Buffer.alloc(0));
        return send(206, payload.subarray(start), { 'Content-Range': `bytes ${start}-${payload.length - 1}/${payload.length}` });
      }
      return send(200, payload);
    }
    if (req.url === '/moved') return send(302, Buffer.alloc(0), { Location: '/file.bin' });
    if (req.url === '/data.gz') return send(200, gzipSync(payload));
    if (req.url === '/archive.tar.gz') {
      // a server that would compress on the fly whenever the client accepts it
      entry.encoding = req.headers['accept-encoding'];
      const accepts = /gzip/.test(entry.encoding ?? '');
      return accepts ? send(200, gzipSync(gzipped), { 'Content-Encoding': 'gzip' }) : send(200, gzipped);
    }
    send(404, Buffer.from('not found'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function freshDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'lowres-download-'));
}

describe('downloadFile (local HTTP server on 127.0.0.1)', () => {
  it('downloads, verifies size and sha256, and renames into place', async () => {
    const dest = path.join(freshDir(), 'sub', 'file.bin');
    const result = await downloadFile(`${base}/file.bin`, dest, { size: payload.length, sha256: sha(payload) });
    expect(result).toEqual({ file: dest, transferred: payload.length, resumed: false });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    // a second call finds the verified file and transfers nothing
    const before = log.length;
    expect((await downloadFile(`${base}/file.bin`, dest, { sha256: sha(payload) })).transferred).toBe(0);
    expect(log.length).toBe(before);
  });

  it('resumes a partial download with an HTTP Range request', async () => {
    const dest = path.join(freshDir(), 'file.bin');
    writeFileSync(`${dest}.part`, payload.subarray(0, 20_000));
    const result = await downloadFile(`${base}/file.bin`, dest, { sha256: sha(payload) });
    expect(result).toMatchObject({ resumed: true, transferred: 30_000 });
    expect(log.at(-1)).toMatchObject({ url: '/file.bin', range: 'bytes=20000-', sent: 30_000 });
    expect(readFileSync(dest).equals(payload)).toBe(true);
  });

  it('keeps the partial file when the connection drops, then resumes it', async () => {
    const dest = path.join(freshDir(), 'file.bin');
    cutNextAfter = 12_345;
    const error = await downloadFile(`${base}/file.bin`, dest, { size: payload.length, sha256: sha(payload) }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as DownloadError).code).toBe('DOWNLOAD_FAILED');
    expect(existsSync(dest)).toBe(false);
    const kept = readFileSync(`${dest}.part`).length;
    expect(kept).toBe(12_345);
    const result = await downloadFile(`${base}/file.bin`, dest, { size: payload.length, sha256: sha(payload) });
    expect(result).toMatchObject({ resumed: true, transferred: payload.length - kept });
    expect(readFileSync(dest).equals(payload)).toBe(true);
  });

  it('starts over when the server ignores Range, and follows redirects', async () => {
    const dest = path.join(freshDir(), 'file.bin');
    writeFileSync(`${dest}.part`, Buffer.from('garbage that is not a prefix'));
    const result = await downloadFile(`${base}/no-range.bin`, dest, { sha256: sha(payload) });
    expect(result).toMatchObject({ resumed: false, transferred: payload.length });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    const moved = path.join(freshDir(), 'moved.bin');
    await downloadFile(`${base}/moved`, moved, { sha256: sha(payload) });
    expect(readFileSync(moved).equals(payload)).toBe(true);
  });

  it('verifies the gunzipped content checksum', async () => {
    const dest = path.join(freshDir(), 'data.gz');
    await downloadFile(`${base}/data.gz`, dest, { contentSha256: sha(payload) });
    expect(existsSync(dest)).toBe(true);
  });

  it('rejects a checksum mismatch without leaving a file in place, and HTTP errors', async () => {
    const dest = path.join(freshDir(), 'file.bin');
    const wrong = '0'.repeat(64);
    const error = await downloadFile(`${base}/file.bin`, dest, { sha256: wrong }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as DownloadError).code).toBe('CHECKSUM_MISMATCH');
    expect((error as Error).message).toContain(`expected ${wrong}`);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
    await expect(downloadFile(`${base}/missing`, dest)).rejects.toThrow(/HTTP status 404/);
    await expect(downloadFile('http://127.0.0.1:1/x', dest)).rejects.toThrow(DownloadError);
    await expect(downloadFile('http://127.0.0.1:1/x', dest)).rejects.toThrow(/x: request failed \(fetch failed: \w/);
  });

  it('asks for the bytes as stored (accept-encoding: identity), so size and sha256 are of the file itself', async () => {
    const dest = path.join(freshDir(), 'archive.tar.gz');
    const result = await downloadFile(`${base}/archive.tar.gz`, dest, { size: gzipped.length, sha256: sha(gzipped) });
    expect(log.at(-1)).toMatchObject({ url: '/archive.tar.gz', encoding: 'identity' });
    expect(result.transferred).toBe(gzipped.length);
    expect(readFileSync(dest).equals(gzipped)).toBe(true);
  });
});
