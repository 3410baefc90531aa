import { describe, expect, it } from 'vitest';
import { fullMessage, isModuleMissing } from './module-errors';

describe('isModuleMissing', () => {
  it("recognises Node's and Vite's messages for a package that is not installed", () => {
    const node = Object.assign(new Error("Cannot find package 'webgpu' imported from /app/x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const vite = new Error('Could not resolve "webgpu" imported by "@lowres/core".');
    expect(isModuleMissing(node, 'webgpu')).toBe(true);
    expect(isModuleMissing(vite, 'webgpu')).toBe(true);
  });

  it('does not mistake a missing dependency of the package, or another failure, for the package missing', () => {
    const inner = Object.assign(new Error("Cannot find package 'debug' imported from /app/node_modules/webgpu/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isModuleMissing(inner, 'webgpu')).toBe(false);
    expect(isModuleMissing(new Error('libvulkan.so.1: cannot open shared object file'), 'webgpu')).toBe(false);
  });
});

describe('fullMessage', () => {
  it('keeps every line of the message, joined on one line', () => {
    expect(fullMessage(new Error('The binding is missing. \nPlease run npm rebuild x. \n\nOr file an issue.'))).toBe(
      'The binding is missing. Please run npm rebuild x. Or file an issue.',
    );
  });
});
