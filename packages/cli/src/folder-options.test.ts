import { ConfigInvalidError } from '@lowres/trainer';
import { describe, expect, it } from 'vitest';
import { folderOptions } from './folder-options';

describe('folderOptions', () => {
  it('reads size and crop from dataset.options', () => {
    expect(folderOptions({ size: [227, 227], crop: true })).toEqual({ size: [227, 227], crop: true });
    expect(folderOptions({})).toEqual({});
    expect(folderOptions(undefined)).toEqual({});
  });

  it('names the field of a malformed or unknown option', () => {
    expect(() => folderOptions({ size: [64] })).toThrow(ConfigInvalidError);
    expect(() => folderOptions({ size: [64, 0] })).toThrow(/dataset\.options\.size.*positive integers/);
    expect(() => folderOptions({ crop: 'yes' })).toThrow(/dataset\.options\.crop.*true or false/);
    expect(() => folderOptions({ resize: [8, 8] })).toThrow(/dataset\.options\.resize.*'size' and 'crop'/);
  });
});
