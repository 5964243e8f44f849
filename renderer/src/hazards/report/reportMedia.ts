import type { HazardMedia } from '@contracts';
import type { CoreClient } from '../../connection/CoreClient.js';
import { mediaPath } from '../hazardFeed.js';
import { downscaledSize, PHOTO_JPEG_QUALITY } from './reportModel.js';

/**
 * The photo decoded upright: createImageBitmap turned by its EXIF orientation, or — where a browser knows no
 * 'from-image' (older Safari) or no createImageBitmap — an <img>, which browsers draw upright by default
 * (CSS image-orientation: from-image).
 */
async function decodeUpright(file: Blob): Promise<{ image: CanvasImageSource; widthPx: number; heightPx: number; close: () => void }> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { image: bitmap, widthPx: bitmap.width, heightPx: bitmap.height, close: () => bitmap.close() };
  } catch {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch (error) {
      URL.revokeObjectURL(url);
      throw error;
    }
    return { image: img, widthPx: img.naturalWidth, heightPx: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  }
}

/**
 * A photo as the report sends it: upright, drawn at most 1600 px on its long side (downscaledSize) and encoded as
 * JPEG by the browser's canvas (a phone's portrait photo is stored sideways with an EXIF orientation). The canvas
 * also drops the EXIF block, with the phone's GPS position in it.
 */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  const decoded = await decodeUpright(file);
  try {
    const size = downscaledSize(decoded.widthPx, decoded.heightPx);
    const canvas = document.createElement('canvas');
    canvas.width = size.widthPx;
    canvas.height = size.heightPx;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(decoded.image, 0, 0, size.widthPx, size.heightPx);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', PHOTO_JPEG_QUALITY));
  } finally {
    decoded.close();
  }
}

/** Sends a photo or voice note; the ref the report then names, or the refusal in the UI language. */
export async function uploadMedia(client: CoreClient, bytes: Blob): Promise<{ ok: true; ref: string } | { ok: false; message: string }> {
  const answer = await client.postBytes<{ ref: string; kind: HazardMedia['kind'] }>(mediaPath(), bytes);
  return answer.ok ? { ok: true, ref: answer.value.ref } : answer;
}
