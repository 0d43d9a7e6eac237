import type { Page } from '@playwright/test';

/** Presses Tab until `reached` holds, as a keyboard user moves through a page; fails if it never does. */
export async function tabTo(page: Page, reached: () => Promise<boolean>) {
  for (let presses = 0; presses < 300; presses++) {
    if (await reached()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the element');
}
