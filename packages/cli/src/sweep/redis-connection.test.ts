import { describe, expect, it } from 'vitest';
import { redisConnection } from './redis-connection';

describe('redisConnection', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisConnection('redis://127.0.0.1:6390')).toEqual({ host: '127.0.0.1', port: 6390, maxRetriesPerRequest: null });
    expect(redisConnection('redis://queue.lab')).toMatchObject({ host: 'queue.lab', port: 6379 });
    expect(redisConnection('redis://sweeper:p%40ss@queue.lab:7000/2')).toEqual({
      host: 'queue.lab',
      port: 7000,
      username: 'sweeper',
      password: 'p@ss',
      db: 2,
      maxRetriesPerRequest: null,
    });
  });

  it('rejects anything but redis:// URLs, naming the flag', () => {
    expect(() => redisConnection('127.0.0.1:6379')).toThrow(/--queue: expected redis:\/\/host:port, got '127\.0\.0\.1:6379'/);
    expect(() => redisConnection('http://host:6379')).toThrow(/--queue: expected redis:\/\/host:port/);
    expect(() => redisConnection('redis://host:6379/one')).toThrow(/--queue: the database .* got 'one'/);
  });
});
