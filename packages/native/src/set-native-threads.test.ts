import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { setNativeThreads } from './register-native-backend';

describe('setNativeThreads', () => {
  it('rejects a thread count that is not a positive integer with a typed error naming threads', () => {
    for (const threads of [0, -2, 1.5, Number.NaN]) {
      expect(() => setNativeThreads(threads)).toThrow(InvalidArgumentError);
      expect(() => setNativeThreads(threads)).toThrow(/threads: expected a positive integer/);
    }
  });
});
