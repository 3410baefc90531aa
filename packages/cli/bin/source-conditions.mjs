// Module resolution hook for the `lowres` bin in a checkout: workspace packages resolve to their
// TypeScript sources through the `@lowres/source` export condition, as `node --conditions` would.
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, { ...context, conditions: ['@lowres/source', ...context.conditions] });
}
