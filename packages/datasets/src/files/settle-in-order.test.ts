import { describe, expect, it } from 'vitest';
import { settleInOrder } from './settle-in-order';

const later = <T>(ms: number, run: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => { try { resolve(run()); } catch (error) { reject(error); } }, ms));

describe('settleInOrder', () => {
  it('resolves to the values in list order', async () => {
    expect(await settleInOrder([later(20, () => 'a'), later(1, () => 2)])).toEqual(['a', 2]);
  });

  it('rejects with the first failure in list order, not the first to settle', async () => {
    const first = later(30, () => { throw new Error('first listed'); });
    const second = later(1, () => { throw new Error('settles first'); });
    await expect(settleInOrder([later(1, () => 0), first, second])).rejects.toThrow('first listed');
  });
});
