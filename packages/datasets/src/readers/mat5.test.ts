import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { charArray, doubles, element, fieldNames, header, i32, matrix, smallElement, u32 } from '../test-fixtures/mat5-writer';
import { type MatChar, type MatNumeric, type MatStruct, parseMat5, readMat5 } from './mat5';

// labels (1×4 double), annotations (1×2 struct: bbox_x1 uint8, class int16, fname char), class_names (1×2 cell)
const labels = matrix(6, [1, 4], 'labels', [element(9, doubles([1, 102, 5, 77]))]);
const annotation = (x1: number, cls: number, fname: string) => [
  matrix(9, [1, 1], '', [smallElement(2, Buffer.from([x1]))]),
  matrix(10, [1, 1], '', [smallElement(3, Buffer.from([cls & 0xff, cls >> 8]))]),
  charArray('', fname),
];
const annotations = matrix(2, [1, 2], 'annotations', [
  smallElement(5, i32(8)),
  element(1, fieldNames(['bbox_x1', 'class', 'fname'], 8)),
  ...annotation(39, 14, '00001.jpg'),
  ...annotation(200, 300, '00002.jpg'),
]);
const classNames = matrix(1, [1, 2], 'class_names', [charArray('', 'AM General Hummer SUV 2000'), charArray('', 'Acura RL Sedan 2012')]);
const compressedLogical = matrix(9, [2, 2], 'mask', [element(2, Buffer.from([1, 0, 0, 1]))], 0x200);
const compressed = Buffer.concat([u32(15), u32(deflateSync(compressedLogical).length), deflateSync(compressedLogical)]);

const fileBytes = Buffer.concat([header(), labels, annotations, classNames, compressed]);

describe('MAT v5 reader', () => {
  it('reads numeric, struct (with small elements), char, cell and compressed logical variables', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-mat-'));
    const file = path.join(dir, 'test.mat');
    writeFileSync(file, fileBytes);
    const vars = await readMat5(file);
    expect(Object.keys(vars).sort()).toEqual(['annotations', 'class_names', 'labels', 'mask']);
    const l = vars.labels as MatNumeric;
    expect(l.dims).toEqual([1, 4]);
    expect(l.className).toBe('double');
    expect(Array.from(l.data)).toEqual([1, 102, 5, 77]);
    const a = vars.annotations as MatStruct;
    expect(a.fields).toEqual(['bbox_x1', 'class', 'fname']);
    expect(a.elements).toHaveLength(2);
    expect(Array.from((a.elements[1]!.bbox_x1 as MatNumeric).data)).toEqual([200]);
    expect(Array.from((a.elements[1]!.class as MatNumeric).data)).toEqual([300]);
    expect((a.elements[0]!.fname as MatChar).text).toBe('00001.jpg');
    const names = vars.class_names;
    expect(names?.type === 'cell' && names.elements.map((e) => (e as MatChar).text)).toEqual([
      'AM General Hummer SUV 2000',
      'Acura RL Sedan 2012',
    ]);
    const mask = vars.mask as MatNumeric;
    expect(mask.className).toBe('logical');
    expect(Array.from(mask.data)).toEqual([1, 0, 0, 1]);
  });

  it('rejects wrong magic, v7.3 files, truncation and corrupt compression with errors naming the file', async () => {
    expect(() => parseMat5(Buffer.concat([header('NOT A MAT FILE'), labels]), 'x.mat')).toThrow(/x\.mat: wrong magic/);
    expect(() => parseMat5(header('MATLAB 7.3 MAT-file'), 'y.mat')).toThrow(/v7\.3/);
    expect(() => parseMat5(fileBytes.subarray(0, 180), 'z.mat')).toThrow(DatasetFormatError);
    expect(() => parseMat5(fileBytes.subarray(0, 180), 'z.mat')).toThrow(/z\.mat: truncated/);
    expect(() => parseMat5(fileBytes.subarray(0, 100), 'short.mat')).toThrow(/truncated/);
    const badDeflate = Buffer.concat([header(), u32(15), u32(8), Buffer.alloc(8, 0xab)]);
    expect(() => parseMat5(badDeflate, 'c.mat')).toThrow(/c\.mat: corrupt compressed/);
    await expect(readMat5('/nonexistent/file.mat')).rejects.toThrow(DatasetNotFoundError);
  });
});
