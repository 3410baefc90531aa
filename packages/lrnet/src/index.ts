export { mkBlock, resolveMkFilters, defaultMkFilters, type MkBlockOptions, type MkFilters } from './mk-block';
export { lrnet, defaultLrnetHead, type LrnetOptions } from './lrnet';
