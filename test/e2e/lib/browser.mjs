// Debian's Chromium driven by playwright-core (no browser download), with the flags from
// test/e2e/README.md ("Why this way, and the pitfalls"), and the UI helpers the tests share.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const CHROMIUM = process.env.SHIPSHAPE_E2E_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A headless Chromium with a fresh profile in `profileDir`. Close the returned context to end it. */
export async function launchBrowser(profileDir, { headless = true } = {}) {
  mkdirSync(profileDir, { recursive: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
}

/** Resolves when the workbench shows the workspace folder in the Explorer. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page, relativePath, timeout = 20_000) {
  const name = relativePath.split('/').pop();
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 10 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(relativePath);
  // Wait for the exact file among the results before accepting it.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
}

/**
 * Runs a command from the Command Palette by its title. The palette lists the commands the workbench knows when it
 * opens: on a loaded machine the extension's contributions can arrive after the first opening (seen once in five
 * fresh-clone runs: a palette without Shipshape's commands for 20 s), so it is closed and opened again until the
 * command shows or `timeout` runs out.
 */
export async function runCommand(page, title, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: Math.max(1000, Math.min(10_000, deadline - Date.now())) });
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** Resolves with the first notification toast whose text contains `text`. */
export async function waitForNotification(page, text, timeout = 60_000) {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return toast;
}

/** Answers the Quick Input box that is open (an input box or a pick) with `value` and Enter. */
export async function answerInput(page, value, timeout = 20_000) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  if (value !== undefined) await input.fill(value);
  await page.keyboard.press('Enter');
}
