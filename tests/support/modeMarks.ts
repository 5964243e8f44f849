import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { THEME } from '../../renderer/src/theme.js';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/**
 * Issue 12.6's check that a screen cannot pass for live: the DRILL or REPLAY marks are in the DOM with
 * the word in the UI language, let the pointer through, and the frame is on the screenshot in the
 * mode's colour on all four edges (pixels read back from the PNG, so the frame is really drawn, not
 * merely present). The screenshot is saved for a person to look at.
 */
export async function expectModeMarks(page: Page, mode: 'drill' | 'replay', word: string, screenshotPath: string): Promise<void> {
  const marks = page.getByTestId('mode-marks');
  await expect.poll(() => marks.getAttribute('data-mode'), { timeout: 20_000 }).toBe(mode);
  expect(await marks.locator('.mode-watermark span').first().textContent()).toBe(word);
  // Never in the way: the element under the middle of the screen is not part of the marks.
  expect(await marks.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
  const covered = await page.evaluate(() => {
    const hit = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
    return hit?.closest('[data-testid="mode-marks"]') !== null;
  });
  expect(covered).toBe(false);
  const png = await page.screenshot();
  writeFileSync(screenshotPath, png);
  const image = PNG.sync.read(png);
  const pixel = (x: number, y: number) => {
    const i = (y * image.width + x) * 4;
    return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
  };
  const expected = rgb(THEME.mode[mode]);
  const midY = Math.round(image.height / 2);
  const quarterX = Math.round(image.width / 4);
  // Inside the 10 px frame, on each edge.
  for (const [x, y] of [[4, midY], [image.width - 5, midY], [quarterX, 4], [quarterX, image.height - 5]] as const) {
    const got = pixel(x, y);
    for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - expected[c]!), `pixel ${x},${y} ${got.join(',')} vs ${THEME.mode[mode]}`).toBeLessThanOrEqual(6);
  }
}
