import { inflateSync } from 'node:zlib';
import { DatasetFormatError } from '@lowres/core';
import { readDatasetFile } from './read-dataset-file';

/** A numeric (or logical) MATLAB array; `data` is column-major as MATLAB stores it. */
export interface MatNumeric {
  type: 'numeric';
  className: string;
  dims: number[];
  data: Float64Array;
}
/** A MATLAB char array, its characters in column-major order (a 1×N row is the plain string). */
export interface MatChar {
  type: 'char';
  dims: number[];
  text: string;
}
/** A MATLAB struct array: one record of fields per element, column-major. */
export interface MatStruct {
  type: 'struct';
  dims: number[];
  fields: string[];
  elements: Array<Record<string, MatValue>>;
}
/** A MATLAB cell array, column-major. */
export interface MatCell {
  type: 'cell';
  dims: number[];
  elements: MatValue[];
}
/** Any value {@link readMat5} returns. */
export type MatValue = MatNumeric | MatChar | MatStruct | MatCell;

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15, UTF8: 16, UTF16: 17, UTF32: 18 } as const;
const NUMERIC_CLASSES: Record<number, string> = {
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
};

interface Element {
  type: number;
  bytes: Uint8Array;
}

class Reader {
  private offset = 0;
  constructor(
    private readonly file: string,
    private readonly bytes: Uint8Array,
    private readonly little: boolean,
  ) {}

  fail(problem: string): never {
    throw new DatasetFormatError(this.file, problem);
  }

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** Reads one tagged data element (normal or small format) and moves past its 8-byte padding. */
  element(): Element {
    if (this.offset + 8 > this.bytes.length) this.fail(`truncated: data element tag at byte ${this.offset} is incomplete`);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 8);
    const first = view.getUint32(0, this.little);
    const small = first >>> 16;
    if (small !== 0) {
      const type = first & 0xffff;
      if (small > 4) this.fail(`small data element at byte ${this.offset} claims ${small} bytes (at most 4)`);
      const start = this.offset + 4;
      this.offset += 8;
      return { type, bytes: this.bytes.subarray(start, start + small) };
    }
    const length = view.getUint32(4, this.little);
    const start = this.offset + 8;
    if (start + length > this.bytes.length) this.fail(`truncated: data element at byte ${this.offset} needs ${length} bytes, ${this.bytes.length - start} remain`);
    this.offset = first === MI.COMPRESSED ? start + length : start + Math.ceil(length / 8) * 8;
    return { type: first, bytes: this.bytes.subarray(start, start + length) };
  }

  numbers(element: Element): Float64Array {
    const { type, bytes } = element;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
    const size = sizes[type];
    if (size === undefined) this.fail(`unsupported numeric data type ${type}`);
    if (bytes.length % size !== 0) this.fail(`numeric data of type ${type} has ${bytes.length} bytes, not a multiple of ${size}`);
    const out = new Float64Array(bytes.length / size);
    for (let i = 0; i < out.length; i++) {
      const at = i * size;
      switch (type) {
        case MI.INT8: out[i] = view.getInt8(at); break;
        case MI.UINT8: out[i] = view.getUint8(at); break;
        case MI.INT16: out[i] = view.getInt16(at, this.little); break;
        case MI.UINT16: out[i] = view.getUint16(at, this.little); break;
        case MI.INT32: out[i] = view.getInt32(at, this.little); break;
        case MI.UINT32: out[i] = view.getUint32(at, this.little); break;
        case MI.SINGLE: out[i] = view.getFloat32(at, this.little); break;
        case MI.DOUBLE: out[i] = view.getFloat64(at, this.little); break;
        case MI.INT64: out[i] = Number(view.getBigInt64(at, this.little)); break;
        default: out[i] = Number(view.getBigUint64(at, this.little));
      }
    }
    return out;
  }

  text(element: Element): string {
    if (element.type === MI.UTF8 || element.type === MI.INT8 || element.type === MI.UINT8) return new TextDecoder('utf-8').decode(element.bytes);
    if (element.type === MI.UTF16 || element.type === MI.UINT16) return String.fromCharCode(...this.numbers({ type: MI.UINT16, bytes: element.bytes }));
    if (element.type === MI.UTF32) return String.fromCodePoint(...this.numbers({ type: MI.UINT32, bytes: element.bytes }));
    return this.fail(`unsupported character data type ${element.type}`);
  }

  /** Parses the contents of an miMATRIX element; returns its name and value. */
  matrix(contents: Uint8Array): { name: string; value: MatValue } {
    const inner = new Reader(this.file, contents, this.little);
    if (contents.length === 0) return { name: '', value: { type: 'numeric', className: 'double', dims: [0, 0], data: new Float64Array(0) } };
    const flags = inner.numbers(inner.element());
    const classId = (flags[0] as number) & 0xff;
    const complex = ((flags[0] as number) & 0x800) !== 0;
    const logical = ((flags[0] as number) & 0x200) !== 0;
    const dims = Array.from(inner.numbers(inner.element()));
    const name = inner.text(inner.element());
    const count = dims.reduce((a, b) => a * b, 1);
    if (classId === 4) {
      const chars = inner.text(inner.element());
      return { name, value: { type: 'char', dims, text: chars } };
    }
    if (NUMERIC_CLASSES[classId]) {
      if (complex) inner.fail(`variable '${name}' is complex, which is not supported`);
      const data = inner.numbers(inner.element());
      if (data.length !== count) inner.fail(`variable '${name}' has ${data.length} values for dimensions [${dims.join(', ')}]`);
      return { name, value: { type: 'numeric', className: logical ? 'logical' : (NUMERIC_CLASSES[classId] as string), dims, data } };
    }
    if (classId === 1) {
      const elements = Array.from({ length: count }, () => inner.child());
      return { name, value: { type: 'cell', dims, elements } };
    }
    if (classId === 2) {
      const fieldLength = inner.numbers(inner.element())[0] as number;
      const namesElement = inner.element();
      const fieldCount = fieldLength > 0 ? namesElement.bytes.length / fieldLength : 0;
      const fields = Array.from({ length: fieldCount }, (_, f) => {
        const raw = namesElement.bytes.subarray(f * fieldLength, (f + 1) * fieldLength);
        const end = raw.indexOf(0);
        return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
      });
      const elements = Array.from({ length: count }, () => {
        const record: Record<string, MatValue> = {};
        for (const field of fields) record[field] = inner.child();
        return record;
      });
      return { name, value: { type: 'struct', dims, fields, elements } };
    }
    return inner.fail(`variable '${name}' has MATLAB class ${classId} (sparse, object or function), which is not supported`);
  }

  /** Reads a nested miMATRIX element (cell or struct member). */
  child(): MatValue {
    const element = this.element();
    if (element.type !== MI.MATRIX) this.fail(`expected a nested miMATRIX element, found type ${element.type}`);
    return this.matrix(element.bytes).value;
  }

  /** Reads a top-level element, inflating miCOMPRESSED ones. */
  variable(): { name: string; value: MatValue } | undefined {
    const element = this.element();
    if (element.type === MI.COMPRESSED) {
      let inflated: Uint8Array;
      try {
        inflated = new Uint8Array(inflateSync(element.bytes));
      } catch (error) {
        return this.fail(`corrupt compressed variable (${(error as Error).message})`);
      }
      return new Reader(this.file, inflated, this.little).variable();
    }
    if (element.type !== MI.MATRIX) return undefined;
    return this.matrix(element.bytes);
  }
}

/** Parses MAT-file version 5 bytes (as written by MATLAB's save -v5/-v7, incl. compression). */
export function parseMat5(bytes: Uint8Array, file = '<buffer>'): Record<string, MatValue> {
  if (bytes.length < 128) throw new DatasetFormatError(file, `truncated: ${bytes.length} bytes, shorter than the 128-byte MAT header`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  if (header.startsWith('MATLAB 7.3')) throw new DatasetFormatError(file, 'is a MAT v7.3 (HDF5) file; re-save it in MATLAB with -v7');
  if (!header.startsWith('MATLAB 5.0 MAT-file')) throw new DatasetFormatError(file, "wrong magic: does not start with 'MATLAB 5.0 MAT-file'");
  const endian = String.fromCharCode(bytes[126] as number, bytes[127] as number);
  if (endian !== 'IM' && endian !== 'MI') throw new DatasetFormatError(file, `bad endian indicator '${endian}'`);
  const reader = new Reader(file, bytes.subarray(128), endian === 'IM');
  const variables: Record<string, MatValue> = {};
  while (!reader.done) {
    const variable = reader.variable();
    if (variable) variables[variable.name] = variable.value;
  }
  return variables;
}

/** Reads a MAT-file v5 from disk; errors name the file. */
export async function readMat5(file: string): Promise<Record<string, MatValue>> {
  return parseMat5(await readDatasetFile(file), file);
}

/** The numeric array `name` of a parsed file, or a DatasetFormatError naming the file. */
export function matNumbers(variables: Record<string, MatValue>, name: string, file: string): Float64Array {
  const value = variables[name];
  if (value?.type !== 'numeric') throw new DatasetFormatError(file, `has no numeric variable '${name}'`);
  return value.data;
}
