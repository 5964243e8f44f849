import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './prerequisites.js';

/** Debian's Chromium (never a downloaded browser): see README "Environment". */
export { CHROMIUM_PATH };

const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
/** Mesa llvmpipe through EGL: WebGL2, 1.5–3× faster than SwiftShader on the CI machines. */
const LLVMPIPE_ARGS = ['--ignore-gpu-blocklist', '--use-angle=gl-egl'];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** `extraArgs`: a test's own switches (a fake microphone for the phone report page's voice note). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_ARGS, ...LLVMPIPE_ARGS, ...extraArgs] });
}
