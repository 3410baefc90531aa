import type { z } from 'zod';
import type { PluginEntry } from './registry';

/** A plugin factory with a zod schema of its options: `create` receives the parsed, typed options. */
export interface PluginDefinition<P, S extends z.ZodType> {
  readonly description: string;
  readonly options: S;
  create(options: z.output<S>): P;
}

/**
 * Turns a factory and its options schema into a registry entry: the registry validates options
 * with the schema (unknown names too, for a strict object schema, with a "did you mean"), and the
 * factory receives the schema's typed output — no cast between the config and the factory.
 */
export function definePlugin<P, S extends z.ZodType>(definition: PluginDefinition<P, S>): PluginEntry<P> {
  const { description, options: schema } = definition;
  return {
    description,
    optionsSchema: schema,
    create: (options) => definition.create(schema.parse(options ?? {})),
  };
}
