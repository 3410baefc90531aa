import { describe, expect, it } from 'vitest';
import { pointAtTarballs } from './install-copy';
import { tarballName } from './pack-packages';
import { type Project, dependencyClosure } from './workspace';

const project = (name: string, dependencies: Record<string, string> = {}, optionalDependencies: Record<string, string> = {}): [string, Project] => [
  name,
  { dir: `/repo/packages/${name}`, manifest: { name, version: '0.1.0', dependencies, optionalDependencies } },
];

describe('dependency closure', () => {
  const packages = new Map([
    project('@lowres/core'),
    project('@lowres/native'),
    project('@lowres/trainer', { '@lowres/core': 'workspace:*', zod: '^4' }),
    project('@lowres/cli', { '@lowres/trainer': 'workspace:*' }, { '@lowres/native': 'workspace:*' }),
  ]);

  it('follows runtime and optional @lowres/* dependencies, not third-party ones', () => {
    expect(dependencyClosure(['@lowres/cli'], packages)).toEqual(['@lowres/cli', '@lowres/core', '@lowres/native', '@lowres/trainer']);
    expect(dependencyClosure(['@lowres/trainer'], packages)).toEqual(['@lowres/core', '@lowres/trainer']);
  });

  it('names a dependency that is not a workspace package', () => {
    expect(() => dependencyClosure(['@lowres/gone'], packages)).toThrow(/@lowres\/gone/);
  });
});

describe('pointing a copy at tarballs', () => {
  const tarballs = new Map([['@lowres/core', '/tmp/t/lowres-core-0.1.0.tgz']]);

  it('rewrites @lowres/* dependencies and overrides the transitive ones', () => {
    const manifest = pointAtTarballs({ name: 'x', version: '0.0.0', dependencies: { '@lowres/core': 'workspace:*', vitest: '4.1.12' } }, tarballs);
    expect(manifest.dependencies).toEqual({ '@lowres/core': 'file:/tmp/t/lowres-core-0.1.0.tgz', vitest: '4.1.12' });
    expect(manifest.pnpm?.overrides).toEqual({ '@lowres/core': 'file:/tmp/t/lowres-core-0.1.0.tgz' });
  });

  it('refuses a dependency that was not packed', () => {
    expect(() => pointAtTarballs({ name: 'x', version: '0.0.0', dependencies: { '@lowres/racnn': 'workspace:*' } }, tarballs)).toThrow(/@lowres\/racnn/);
  });

  it("names tarballs as pnpm pack does", () => {
    expect(tarballName('@lowres/hf-weighted-sr', '0.1.0')).toBe('lowres-hf-weighted-sr-0.1.0.tgz');
  });
});
