import { afterAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, NEEDS_CHROMIUM } from './browser.ts';

// The run starts one Chromium (test/support/global-setup.ts) and every browser test file takes
// a context of it. What the files rely on: a context of that shared browser, and nothing seen
// by one context is seen by another.
const missing = chromiumMissing();

describe.skipIf(missing !== undefined)(
  'the browser tests share one Chromium',
  NEEDS_CHROMIUM,
  () => {
    const opened: { close: () => Promise<void> }[] = [];
    afterAll(async () => {
      for (const browser of opened) await browser.close();
    });

    it('a context is one of the shared browser, and contexts share no cookies', async () => {
      const first = await launchChromium();
      const second = await launchChromium();
      opened.push(first, second);
      // A persistent context (one launch per file) has no browser object; a shared one does.
      expect(first.context.browser()).not.toBeNull();
      await first.context.addCookies([
        { name: 'seen', value: 'yes', domain: '127.0.0.1', path: '/' },
      ]);
      expect(await first.context.cookies('http://127.0.0.1/')).toHaveLength(1);
      expect(await second.context.cookies('http://127.0.0.1/')).toEqual([]);
    });
  },
);
