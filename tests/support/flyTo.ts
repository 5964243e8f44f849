import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits for a fly-to the last action started to end (it starts on the next frame, hence the short pause first). */
export async function waitForFlight(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await page.waitForFunction(() => window.safetwinDiagnostics!.cameraAtRest(), null, { timeout: 30_000 });
}

/** Searches a text in the site search (Ctrl+K), checks the first hit is `expectedId`, picks it with Enter and waits for the fly-to to end. */
export async function searchAndFly(page: Page, text: string, expectedId: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), { timeout: 10_000 }).toBe('site-search-input');
  await page.keyboard.type(text);
  await expect.poll(() => page.getByTestId('site-search-results').locator('[role="option"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  const first = page.getByTestId('site-search-results').locator('[role="option"]').first();
  expect(await first.getAttribute('data-id')).toBe(expectedId);
  await page.keyboard.press('Enter');
  await waitForFlight(page);
}

/** Distance in the ground plane between the camera's target and a person (who may be walking). */
export async function targetToPersonM(page: Page, badgeId: string): Promise<number> {
  return page.evaluate((id) => {
    const d = window.safetwinDiagnostics!;
    const target = d.cameraTarget();
    const person = d.workerWorldPosition(id)!;
    return Math.hypot(target[0] - person[0], target[2] - person[2]);
  }, badgeId);
}
