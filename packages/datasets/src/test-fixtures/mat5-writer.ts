/** Test fixture helpers: a byte-by-byte MAT v5 writer, independent of the reader. */
// ---- A byte-by-byte MAT v5 writer (little-endian), following the MAT-file format document. ----
export const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
export const i32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  return b;
};

/** Normal data element: 8-byte tag then data padded to 8 bytes. */
export function element(type: number, data: Buffer): Buffer {
  const padding = Buffer.alloc((8 - (data.length % 8)) % 8);
  return Buffer.concat([u32(type), u32(data.length), data, padding]);
}

/** Small data element: type and length packed in 4 bytes, then up to 4 data bytes. */
export function smallElement(type: number, data: Buffer): Buffer {
  return Buffer.concat([u32((data.length << 16) | type), data, Buffer.alloc(4 - data.length)]);
}

export function matrix(classId: number, dims: number[], name: string, body: Buffer[], flags = 0): Buffer {
  const parts = [
    element(6, Buffer.concat([u32(classId | flags), u32(0)])),
    element(5, Buffer.concat(dims.map(i32))),
    name.length <= 4 && name.length > 0 ? smallElement(1, Buffer.from(name)) : element(1, Buffer.from(name)),
    ...body,
  ];
  return element(14, Buffer.concat(parts));
}

export const doubles = (values: number[]) => {
  const b = Buffer.alloc(8 * values.length);
  for (const [i, v] of values.entries()) b.writeDoubleLE(v, 8 * i);
  return b;
};
export const utf16 = (text: string) => {
  const b = Buffer.alloc(2 * text.length);
  for (let i = 0; i < text.length; i++) b.writeUInt16LE(text.charCodeAt(i), 2 * i);
  return b;
};
export const charArray = (name: string, text: string) => matrix(4, [1, text.length], name, [element(4, utf16(text))]);

export function header(text = 'MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: test'): Buffer {
  const h = Buffer.alloc(128, 0x20);
  h.write(text, 0, 'latin1');
  h.fill(0, 116, 124);
  h.writeUInt16LE(0x0100, 124);
  h.write('IM', 126, 'latin1');
  return h;
}

export function fieldNames(names: string[], length: number): Buffer {
  const b = Buffer.alloc(names.length * length);
  for (const [i, n] of names.entries()) b.write(n, i * length, 'latin1');
  return b;
}

