/**
 * Awaits every promise like `Promise.all`, but when some fail it rejects with the first failure in
 * list order rather than the first to settle, so the error a user sees does not depend on timing.
 */
export async function settleInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
