// lib.mjs - what every browser test shares: Debian's Chromium started
// through playwright-core (headless, nothing fetched from the network),
// and axe-core run on a page with its violations as a readable list.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
export const OUTPUT = process.env.OIC_TEST_OUTPUT || path.resolve('test-output');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// playwright gives every launch a fresh, empty profile directory.
export async function launchBrowser() {
  mkdirSync(OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Run axe-core on the current page (its context needs JavaScript and
// bypassCSP) against WCAG 2.1 A and AA and best practice; fail with a list.
export async function assertAccessible(page, what) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(result, [], `axe-core violations on ${what}:\n${result.join('\n')}`);
}

// Log page in at base with the login form, and wait until it has left it.
export async function loginAt(page, base, email, password) {
  await page.goto(base + '/account/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/account/login')), page.click('button[type=submit]')]);
}

// Click selector and wait for the page it leads to.
export async function submitAndWait(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}
