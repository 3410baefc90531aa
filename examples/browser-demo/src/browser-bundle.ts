import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

/** A Node built-in import found while bundling, and the file that made it. */
export interface BuiltinImport {
  readonly module: string;
  readonly importer: string;
}

/** What {@link bundleForBrowser} found: every Node built-in import (and where), errors, and the bundle's size. */
export interface BrowserBundleCheck {
  readonly builtins: readonly BuiltinImport[];
  readonly errors: readonly string[];
  readonly bytes: number;
}

const NODE_ONLY_PACKAGES = new Set(['sharp', 'pngjs']);

function isNodeOnly(specifier: string): boolean {
  const bare = specifier.replace(/^node:/, '');
  const root = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]!;
  return specifier.startsWith('node:') || builtinModules.includes(root) || NODE_ONLY_PACKAGES.has(root);
}

function recordBuiltins(found: BuiltinImport[]): Plugin {
  return {
    name: 'record-node-builtins',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (isNodeOnly(args.path)) found.push({ module: args.path, importer: args.importer });
        return undefined;
      });
    },
  };
}

/**
 * Bundles `source` (module code, resolved from `directory`) with esbuild for a browser, as a user's
 * bundler would (`--bundle --platform=browser`; `@lowres/source` picks the workspace sources).
 * Reports the Node built-ins (and sharp / pngjs) that workspace code imports. Third-party imports are
 * left to esbuild: one that no `browser` field maps away (as seedrandom's crypto or tfjs-backend-wasm's
 * fs are) fails the build and lands in `errors`.
 */
export async function bundleForBrowser(source: string, directory: string): Promise<BrowserBundleCheck> {
  const found: BuiltinImport[] = [];
  try {
    const result = await build({
      stdin: { contents: source, resolveDir: directory, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['@lowres/source'],
      write: false,
      logLevel: 'silent',
      plugins: [recordBuiltins(found)],
    });
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
    return { builtins: found.filter((hit) => !hit.importer.includes('/node_modules/')), errors: [], bytes };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] }).errors ?? [{ text: String(error) }];
    return { builtins: found, errors: errors.map((e) => `${e.location?.file ?? ''}: ${e.text}`), bytes: 0 };
  }
}
