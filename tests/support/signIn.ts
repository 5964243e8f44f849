import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * A control-room page signed in through the sign-in form as `name`, in `language` at `widthPx`×`heightPx` (1080 unless
 * given), once the twin's canvas is there. `acceptDownloads` for pages that save files.
 */
export async function signedInControlRoom(browser: Browser, url: string, user: { name: string; password: string }, options: { language: 'en' | 'zh-CN'; widthPx: number; heightPx?: number; acceptDownloads?: boolean; timezoneId?: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.widthPx, height: options.heightPx ?? 1080 }, locale: options.language === 'en' ? 'en-US' : 'zh-CN', acceptDownloads: options.acceptDownloads ?? false, ...(options.timezoneId !== undefined && { timezoneId: options.timezoneId }) });
  await page.addInitScript((lang) => localStorage.setItem('safetwin.language', lang), options.language);
  await page.goto(url);
  await page.locator('input[name=username]').fill(user.name);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
  await expect.poll(() => page.getByTestId('user-badge').textContent(), { timeout: 60_000 }).toContain(user.name);
  await page.getByTestId('twin-view').locator('canvas').waitFor({ timeout: 60_000 });
  return page;
}
