import { describe, expect, it } from 'vitest';
import { fft2d, fftInPlace } from './fft';

function naiveDft(real: number[], imaginary: number[]): { real: number[]; imaginary: number[] } {
  const n = real.length;
  const out = { real: new Array<number>(n).fill(0), imaginary: new Array<number>(n).fill(0) };
  for (let k = 0; k < n; k += 1) {
    for (let j = 0; j < n; j += 1) {
      const angle = (-2 * Math.PI * j * k) / n;
      out.real[k]! += real[j]! * Math.cos(angle) - imaginary[j]! * Math.sin(angle);
      out.imaginary[k]! += real[j]! * Math.sin(angle) + imaginary[j]! * Math.cos(angle);
    }
  }
  return out;
}

function naiveDft2d(plane: number[], height: number, width: number): { real: number[]; imaginary: number[] } {
  const real: number[] = [];
  const imaginary: number[] = [];
  for (let u = 0; u < height; u += 1) {
    for (let v = 0; v < width; v += 1) {
      let re = 0;
      let im = 0;
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width; x += 1) {
          const angle = -2 * Math.PI * ((u * y) / height + (v * x) / width);
          re += plane[y * width + x]! * Math.cos(angle);
          im += plane[y * width + x]! * Math.sin(angle);
        }
      }
      real.push(re);
      imaginary.push(im);
    }
  }
  return { real, imaginary };
}

const signal = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 3.5);

describe('fftInPlace', () => {
  for (const n of [1, 2, 3, 5, 8, 12, 16, 17, 31, 64, 100]) {
    it(`matches a naive DFT for length ${n}`, () => {
      const real = signal(n, 1);
      const imaginary = signal(n, 2);
      const expected = naiveDft(real, imaginary);
      const re = Float64Array.from(real);
      const im = Float64Array.from(imaginary);
      fftInPlace(re, im);
      for (let k = 0; k < n; k += 1) {
        expect(re[k]).toBeCloseTo(expected.real[k]!, 9);
        expect(im[k]).toBeCloseTo(expected.imaginary[k]!, 9);
      }
    });
  }
});

describe('fft2d', () => {
  for (const [height, width] of [[8, 8], [6, 10], [7, 5], [1, 9]] as const) {
    it(`matches a naive 2-D DFT and Parseval's theorem for ${height}×${width}`, () => {
      const plane = signal(height * width, height + width);
      const expected = naiveDft2d(plane, height, width);
      const { real, imaginary } = fft2d(plane, height, width);
      let spectralEnergy = 0;
      for (let i = 0; i < plane.length; i += 1) {
        expect(real[i]).toBeCloseTo(expected.real[i]!, 9);
        expect(imaginary[i]).toBeCloseTo(expected.imaginary[i]!, 9);
        spectralEnergy += real[i]! ** 2 + imaginary[i]! ** 2;
      }
      const energy = plane.reduce((sum, value) => sum + value * value, 0);
      expect(spectralEnergy / plane.length).toBeCloseTo(energy, 9);
    });
  }

  it('puts a pure cosine at its frequency', () => {
    const height = 12;
    const width = 16;
    const plane = Array.from({ length: height * width }, (_, i) => Math.cos((2 * Math.PI * 3 * (i % width)) / width));
    const { real } = fft2d(plane, height, width);
    expect(real[3]).toBeCloseTo((height * width) / 2, 9);
    expect(real[width - 3]).toBeCloseTo((height * width) / 2, 9);
    expect(real[0]).toBeCloseTo(0, 9);
  });
});
