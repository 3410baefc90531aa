import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The fields of a package.json this check reads and rewrites. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  pnpm?: { overrides?: Record<string, string> };
}

/** A workspace project: its folder and its package.json. */
export interface Project {
  dir: string;
  manifest: Manifest;
}

/** Reads the package.json of `dir`. */
export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every project in one workspace folder ('packages' or 'examples'), by package name. */
export async function workspaceProjects(folder: 'packages' | 'examples'): Promise<Map<string, Project>> {
  const projects = new Map<string, Project>();
  for (const entry of await readdir(join(REPO_ROOT, folder), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(REPO_ROOT, folder, entry.name);
    const manifest = await readManifest(dir).catch(() => undefined);
    if (manifest) projects.set(manifest.name, { dir, manifest });
  }
  return projects;
}

/** The @lowres/* names a manifest depends on (runtime and development). */
export function lowresDependencies(manifest: Manifest): string[] {
  return Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) => name.startsWith('@lowres/'));
}

/** `roots` and every @lowres/* package they depend on, directly or not (runtime and optional dependencies of packages). */
export function dependencyClosure(roots: readonly string[], packages: ReadonlyMap<string, Project>): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const project = packages.get(name);
    if (!project) throw new Error(`${name} is not a package in packages/`);
    seen.add(name);
    const { dependencies, optionalDependencies } = project.manifest;
    for (const dependency of Object.keys({ ...dependencies, ...optionalDependencies }).filter((entry) => entry.startsWith('@lowres/'))) visit(dependency);
  };
  for (const root of roots) visit(root);
  return [...seen].sort();
}
