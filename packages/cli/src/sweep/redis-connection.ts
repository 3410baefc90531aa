import { InvalidArgumentError } from '@lowres/core';
import type { ConnectionOptions } from 'bullmq';

/**
 * Connection options for `redis://[user:password@]host:port[/db]`. Commands wait for a lost
 * connection to come back instead of failing (BullMQ workers need `maxRetriesPerRequest: null`).
 */
export function redisConnection(url: string, flag = '--queue'): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError(flag, `expected redis://host:port, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '') throw new InvalidArgumentError(flag, `expected redis://host:port, got '${url}'`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new InvalidArgumentError(flag, `the database after the port must be a number, got '${db}'`);
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db === '' ? {} : { db: Number(db) }),
    maxRetriesPerRequest: null,
  };
}
