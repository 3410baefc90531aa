import { encodePng } from '../png/encode-png';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './font';

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/** A tiny RGBA raster with rectangles, lines and bitmap text, encoded to PNG. */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** Colours one pixel; points outside the raster are skipped. */
  setPixel(x: number, y: number, color: Rgb): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const offset = (py * this.width + px) * 4;
    this.pixels.set([color[0], color[1], color[2], 255], offset);
  }

  /** Reads one pixel's RGB colour. */
  getPixel(x: number, y: number): Rgb {
    const offset = (y * this.width + x) * 4;
    return [this.pixels[offset]!, this.pixels[offset + 1]!, this.pixels[offset + 2]!];
  }

  /** Fills an axis-aligned rectangle, clipped to the raster. */
  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    for (let row = Math.max(0, Math.floor(y)); row < Math.min(this.height, Math.floor(y + height)); row += 1) {
      for (let column = Math.max(0, Math.floor(x)); column < Math.min(this.width, Math.floor(x + width)); column += 1) {
        this.setPixel(column, row, color);
      }
    }
  }

  /** Straight line by stepping along its longer axis. */
  drawLine(x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= steps; i += 1) this.setPixel(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, color);
  }

  /** Width in pixels of a text at a scale (1 font pixel = `scale` raster pixels). */
  static textWidth(text: string, scale = 1): number {
    return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * scale;
  }

  /** Draws text with its top-left corner at (x, y). */
  drawText(text: string, x: number, y: number, color: Rgb, scale = 1): void {
    [...text].forEach((character, index) => {
      const left = x + index * (GLYPH_WIDTH + 1) * scale;
      glyphRows(character).forEach((row, r) => {
        for (let c = 0; c < GLYPH_WIDTH; c += 1) {
          if (row[c] === '1') this.fillRect(left + c * scale, y + r * scale, scale, scale, color);
        }
      });
    });
  }

  /** Draws text centred on (x, y). */
  drawTextCentered(text: string, x: number, y: number, color: Rgb, scale = 1): void {
    this.drawText(text, Math.round(x - Raster.textWidth(text, scale) / 2), Math.round(y - (GLYPH_HEIGHT * scale) / 2), color, scale);
  }

  /** Draws text turned 90° counter-clockwise (reading upwards), its baseline-left corner at (x, bottom). */
  drawTextUpwards(text: string, x: number, bottom: number, color: Rgb, scale = 1): void {
    const length = Raster.textWidth(text, scale);
    const scratch = new Raster(Math.max(1, length), GLYPH_HEIGHT * scale, [255, 255, 255]);
    scratch.drawText(text, 0, 0, [0, 0, 0], scale);
    for (let sx = 0; sx < scratch.width; sx += 1) {
      for (let sy = 0; sy < scratch.height; sy += 1) {
        if (scratch.getPixel(sx, sy)[0] === 0) this.setPixel(x + sy, bottom - sx, color);
      }
    }
  }

  /** The raster as PNG bytes. */
  toPng(): Uint8Array {
    return encodePng(this.pixels, this.width, this.height, 4);
  }
}
