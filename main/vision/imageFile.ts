import { spawn } from 'node:child_process';
import { resolveFfmpeg } from '../platform/index.js';
import { PpmStreamParser, type RgbFrame } from './ppmStream.js';
import { VisionError } from './visionError.js';

/** The ffmpeg binary for the camera AI, or a coded error that says what was tried (README "ffmpeg"). */
export function requireFfmpeg(): string {
  const found = resolveFfmpeg();
  if (found.path === null) {
    throw new VisionError('ST_ERR_VISION_FFMPEG_MISSING', `no ffmpeg executable (${found.tried.join('; ')})`, { tip: 'Install ffmpeg or set FFMPEG_PATH.' });
  }
  return found.path;
}

const STDERR_TAIL_BYTES = 2000;

/** Decodes the first frame of an image (JPEG, PNG, anything ffmpeg reads) to RGB24 at its own size. */
export function decodeImageFile(file: string, ffmpegPath: string = requireFfmpeg(), timeoutMs = 20_000): Promise<RgbFrame> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let frame: RgbFrame | null = null;
    let stderr = '';
    let parseError: Error | null = null;
    const parser = new PpmStreamParser((f) => (frame ??= f));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        parser.push(chunk);
      } catch (error) {
        parseError = error as Error;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new VisionError('ST_ERR_VISION_FFMPEG_MISSING', `cannot run ffmpeg: ${error.message}`, { location: ffmpegPath }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (frame) return resolve(frame);
      const why = parseError?.message ?? (stderr.trim().split('\n').pop() || (signal ? `ffmpeg killed by ${signal}` : `ffmpeg exited with status ${code}`));
      reject(new VisionError('ST_ERR_VISION_IMAGE', `cannot decode the image: ${why}`, { location: file }));
    });
  });
}
