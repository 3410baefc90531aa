import { type ClassifierBackEnd, InvalidArgumentError, type SrFrontEnd, UnknownPluginError } from '@lowres/core';
import { DuplicatePluginError } from '../errors';
import { closestName } from '@lowres/core';
import { z } from 'zod';

/** Options passed from a config file or CLI flags to a plugin factory. */
export type PluginOptions = Readonly<Record<string, unknown>>;

/** A registered plugin: a factory taking options, plus a one-line description for `lowres list`. */
export interface PluginEntry<P> {
  readonly description: string;
  /**
   * Schema of the options (see {@link definePlugin}); when given, the registry validates options with
   * it and names the offending field (an unknown name of a strict object schema with a "did you mean").
   */
  readonly optionsSchema?: z.ZodType;
  create(options?: PluginOptions): P;
}

/** What createRegistry accepts per name: a ready plugin instance or a factory entry. */
export type PluginSource<P> = P | PluginEntry<P>;

/** A typed, explicit collection of SR front ends and classifier back ends, looked up by name. */
export interface Registry<S extends string = string, C extends string = string> {
  readonly sr: Readonly<Record<S, PluginEntry<SrFrontEnd>>>;
  readonly classifiers: Readonly<Record<C, PluginEntry<ClassifierBackEnd>>>;
  /** Registered SR front-end names, in registration order. */
  srNames(): S[];
  /** Registered classifier names, in registration order. */
  classifierNames(): C[];
  /** Builds the SR front end `name` with options; unknown names throw UnknownPluginError. */
  createSr(name: S | (string & {}), options?: PluginOptions): SrFrontEnd;
  /** Builds the classifier `name` with options; unknown names throw UnknownPluginError. */
  createClassifier(name: C | (string & {}), options?: PluginOptions): ClassifierBackEnd;
  /** A new registry holding both; any name present in both throws DuplicatePluginError. */
  merge<S2 extends string, C2 extends string>(other: Registry<S2, C2>): Registry<S | S2, C | C2>;
}

function isEntry<P>(source: PluginSource<P>): source is PluginEntry<P> {
  return typeof (source as PluginEntry<P>).create === 'function' && !('kind' in (source as object));
}

function toEntry<P extends { name: string; kind: string }>(source: PluginSource<P>): PluginEntry<P> {
  if (isEntry(source)) return source;
  return {
    description: `${source.kind} '${source.name}'`,
    create(options) {
      if (options && Object.keys(options).length > 0) {
        throw new InvalidArgumentError(
          'options',
          `plugin '${source.name}' is registered as a fixed instance and takes no options (got ${Object.keys(options).join(', ')})`,
        );
      }
      return source;
    },
  };
}

function normalise<P extends { name: string; kind: string }>(
  kind: string,
  sources: Readonly<Record<string, PluginSource<P>>>,
): Record<string, PluginEntry<P>> {
  const out: Record<string, PluginEntry<P>> = {};
  for (const [name, source] of Object.entries(sources)) {
    if (name.trim() === '') throw new InvalidArgumentError(`${kind} name`, 'plugin names must be non-empty');
    if (!source || typeof source !== 'object') {
      throw new InvalidArgumentError(`${kind}.${name}`, 'expected a plugin instance or { description, create }');
    }
    out[name] = toEntry(source);
  }
  return out;
}

/** The schema inside optional / default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.unwrap() as z.ZodType;
  return current;
}

/** The option names an object schema declares at `path` (an empty list where it is not an object schema). */
function optionNamesAt(schema: z.ZodType, path: readonly string[]): string[] {
  let current = unwrap(schema);
  for (const key of path) {
    if (!(current instanceof z.ZodObject)) return [];
    current = unwrap((current.shape[key] as z.ZodType | undefined) ?? z.never());
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function lookup<P>(kind: string, entries: Readonly<Record<string, PluginEntry<P>>>, name: string, options: PluginOptions | undefined): PluginEntry<P> {
  const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
  if (!entry) {
    const available = Object.keys(entries);
    throw new UnknownPluginError(kind, name, available, closestName(name, available));
  }
  if (entry.optionsSchema) {
    const result = entry.optionsSchema.safeParse(options ?? {});
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        const key = [...path, issue.keys[0]!].join('.');
        const allowed = optionNamesAt(entry.optionsSchema, path);
        const suggestion = closestName(issue.keys[0]!, allowed);
        throw new InvalidArgumentError(
          `${kind} '${name}' option '${key}'`,
          `unknown option; '${name}' takes ${allowed.length > 0 ? allowed.join(', ') : 'no options'}${path.length > 0 ? ` in '${path.join('.')}'` : ''}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        );
      }
      throw new InvalidArgumentError(`${kind} '${name}' option '${path.length > 0 ? path.join('.') : '(options)'}'`, issue.message);
    }
  }
  return entry;
}

function build<S extends string, C extends string>(
  sr: Record<string, PluginEntry<SrFrontEnd>>,
  classifiers: Record<string, PluginEntry<ClassifierBackEnd>>,
): Registry<S, C> {
  const registry: Registry<S, C> = {
    sr: Object.freeze(sr) as Record<S, PluginEntry<SrFrontEnd>>,
    classifiers: Object.freeze(classifiers) as Record<C, PluginEntry<ClassifierBackEnd>>,
    srNames: () => Object.keys(sr) as S[],
    classifierNames: () => Object.keys(classifiers) as C[],
    createSr(name, options) {
      const plugin = lookup('SR front end', sr, name, options).create(options);
      if (plugin.kind !== 'sr') throw new InvalidArgumentError(`sr.${name}`, `factory returned a ${plugin.kind} plugin`);
      return plugin;
    },
    createClassifier(name, options) {
      const plugin = lookup('classifier', classifiers, name, options).create(options);
      if (plugin.kind !== 'classifier') {
        throw new InvalidArgumentError(`classifiers.${name}`, `factory returned a ${plugin.kind} plugin`);
      }
      return plugin;
    },
    merge(other) {
      return mergeRegistries(registry, other);
    },
  };
  return registry;
}

/** Creates a registry from literal-keyed maps of plugin instances or `{ description, create }` entries. */
export function createRegistry<S extends string = never, C extends string = never>(plugins: {
  sr?: Readonly<Record<S, PluginSource<SrFrontEnd>>>;
  classifiers?: Readonly<Record<C, PluginSource<ClassifierBackEnd>>>;
}): Registry<S, C> {
  return build(normalise('sr', plugins.sr ?? {}), normalise('classifier', plugins.classifiers ?? {}));
}

/** Merges two registries into a new one; a name present in both throws DuplicatePluginError. */
export function mergeRegistries<S1 extends string, C1 extends string, S2 extends string, C2 extends string>(
  first: Registry<S1, C1>,
  second: Registry<S2, C2>,
): Registry<S1 | S2, C1 | C2> {
  const sr: Record<string, PluginEntry<SrFrontEnd>> = { ...first.sr };
  for (const [name, entry] of Object.entries<PluginEntry<SrFrontEnd>>(second.sr)) {
    if (Object.hasOwn(sr, name)) throw new DuplicatePluginError('sr', name);
    sr[name] = entry;
  }
  const classifiers: Record<string, PluginEntry<ClassifierBackEnd>> = { ...first.classifiers };
  for (const [name, entry] of Object.entries<PluginEntry<ClassifierBackEnd>>(second.classifiers)) {
    if (Object.hasOwn(classifiers, name)) throw new DuplicatePluginError('classifier', name);
    classifiers[name] = entry;
  }
  return build(sr, classifiers);
}
