import type { HazardMedia } from '@contracts';
import type { CoreClient } from '../../connection/CoreClient.js';
import { mediaPath } from '../hazardFeed.js';
import { downscaledSize, PHOTO_JPEG_QUALITY } from './reportModel.js';

/**
 * A photo as the report sends it: drawn at most 1600 px on its long side (downscaledSize) and encoded as JPEG by
 * the browser's canvas, turned upright from its EXIF orientation first (a phone's portrait photo is stored
 * sideways). The canvas also drops the EXIF block, with the phone's GPS position in it.
 */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = downscaledSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.widthPx;
    canvas.height = size.heightPx;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(bitmap, 0, 0, size.widthPx, size.heightPx);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', PHOTO_JPEG_QUALITY));
  } finally {
    bitmap.close();
  }
}

/** Sends a photo or voice note; the ref the report then names, or the refusal in the UI language. */
export async function uploadMedia(client: CoreClient, bytes: Blob): Promise<{ ok: true; ref: string } | { ok: false; message: string }> {
  const answer = await client.postBytes<{ ref: string; kind: HazardMedia['kind'] }>(mediaPath(), bytes);
  return answer.ok ? { ok: true, ref: answer.value.ref } : answer;
}
