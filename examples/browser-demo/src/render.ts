import type { Classification, FloatImage } from './classify';
import { imageToRgba } from './image-input';

/** Paints RGBA pixels on a canvas at their own size (CSS scales it up, pixelated). */
export function paint(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
}

/** Paints a float image. */
export function paintImage(canvas: HTMLCanvasElement, image: FloatImage): void {
  paint(canvas, imageToRgba(image), image.width, image.height);
}

/** Fills `list` with one labelled bar per class, the predicted class highlighted, highest first. */
export function renderBars(list: HTMLElement, result: Classification, classNames: readonly string[], truth?: number): void {
  const order = result.probabilities.map((p, index) => ({ p, index })).sort((a, b) => b.p - a.p);
  list.replaceChildren(
    ...order.map(({ p, index }) => {
      const row = document.createElement('li');
      row.className = index === result.predicted ? 'bar predicted' : 'bar';
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = `${classNames[index] ?? index}${index === truth ? ' (true class)' : ''}`;
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.width = `${(p * 100).toFixed(1)}%`;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = `${(p * 100).toFixed(1)} %`;
      row.append(name, track, value);
      return row;
    }),
  );
}
