/** Decodes a picture file (PNG, JPEG, …) into its RGBA pixels. */
export async function readPicture(file: File): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** Calls `open` with the first file dropped on `drop` or chosen in `input`; its failures go to `fail`. */
export function onPicture(drop: HTMLElement, input: HTMLInputElement, open: (file: File) => Promise<unknown>, fail: (error: Error) => void): void {
  const take = (file: File | undefined) => {
    if (file) void open(file).catch(fail);
  };
  drop.addEventListener('dragover', (event) => event.preventDefault());
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    take(event.dataTransfer?.files[0]);
  });
  input.addEventListener('change', () => take(input.files?.[0]));
}
