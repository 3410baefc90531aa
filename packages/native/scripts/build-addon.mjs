#!/usr/bin/env node
// Builds the native addon against the system's oneDNN (libdnnl-dev). Never fails the install: a
// failed build is recorded in build/build-error.txt, and the 'native' backend then reports why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const errorFile = join(root, 'build', 'build-error.txt');

function record(reason) {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(errorFile, `${reason}\n`);
  console.warn(`@lowres/native: not built (${reason.split('\n')[0]}); lowres will use another backend.`);
}

if (process.env.LOWRES_NATIVE_SKIP_BUILD === '1') {
  record('LOWRES_NATIVE_SKIP_BUILD=1 was set at install time');
  process.exit(0);
}
if (!['/usr/include/dnnl.hpp', '/usr/local/include/dnnl.hpp'].some((file) => existsSync(file))) {
  record('oneDNN headers (dnnl.hpp) not found: install libdnnl-dev (Debian/Ubuntu: apt-get install libdnnl-dev), then reinstall @lowres/native');
  process.exit(0);
}
const addon = join(root, 'build', 'Release', 'lowres_native.node');
const sources = ['binding.gyp', ...readdirSync(join(root, 'native')).map((file) => join('native', file))];
if (existsSync(addon) && sources.every((file) => statSync(join(root, file)).mtimeMs < statSync(addon).mtimeMs)) {
  console.log('@lowres/native: addon up to date');
  process.exit(0);
}
const env = { ...process.env };
// node-gyp downloads Node's headers unless told where they are; Debian's nodejs ships them in /usr.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) env.npm_config_nodedir = '/usr';
const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
const result = spawnSync(process.execPath, [nodeGyp, 'rebuild'], { cwd: root, env, encoding: 'utf8' });
if (result.status !== 0) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
  record(`node-gyp rebuild failed (exit ${result.status}):\n${output}`);
  process.exit(0);
}
rmSync(errorFile, { force: true });
console.log('@lowres/native: built against the system oneDNN');
