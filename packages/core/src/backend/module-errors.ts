/** Whether `error` says that `specifier` itself (not something it imports) is not installed. */
export function isModuleMissing(error: unknown, specifier: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  const named = text.includes(`'${specifier}'`) || text.includes(`"${specifier}"`) || text.includes(`url ${specifier}`);
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find (package|module)|failed to load url|could not resolve/i.test(text);
  return missing && named;
}

/** An error's whole message on one line (every line kept, so fix hints survive). */
export function fullMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
