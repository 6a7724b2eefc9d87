// What only the UI shows: squiggles in the editor and rows in the Problems panel. Each check gets a page already
// showing the workbench with Shipshape loaded; the runner screenshots the page when one fails.
import { openFile } from '../lib/browser.mjs';

/** @type {{title: string, skip?: string, run: (page: import('playwright-core').Page) => Promise<void>}[]} */
export const problemsChecks = [
  {
    title: 'UI: a broken Deployment shows error squiggles in the editor',
    async run(page) {
      await openFile(page, 'k8s/web-deployment.yaml');
      await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    },
  },
  {
    title: 'UI: the Problems panel lists our diagnostics with their rule ids',
    async run(page) {
      await openFile(page, 'k8s/web-deployment.yaml');
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ timeout: 20_000 });
      const row = panel
        .locator('.monaco-list-row', { hasText: 'extensions/v1beta1 no longer serves Deployment' })
        .first();
      await row.waitFor({ timeout: 30_000 });
      const text = await row.innerText();
      if (!text.includes('k8s/api-version'))
        throw new Error(`the Problems row does not name the rule: ${JSON.stringify(text)}`);
      await panel
        .locator('.monaco-list-row', { hasText: 'is a container field, written at pod level' })
        .first()
        .waitFor({ timeout: 10_000 });
    },
  },
];

/** In a workspace the user does not trust: diagnostics still work, Build Image and Apply are not offered. */
export const untrustedChecks = [
  {
    title: 'untrusted workspace: diagnostics still show',
    async run(page) {
      await openFile(page, 'k8s/web-deployment.yaml');
      await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    },
  },
  {
    title: 'untrusted workspace: Build Image and Apply are not in the Command Palette',
    async run(page) {
      for (const title of ['Shipshape: Build Image', 'Shipshape: Apply to Current Context']) {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(`>${title}`);
        // The palette answers with fuzzy "similar commands" once it has filtered; ours must not be among them.
        await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
        const labels = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
        await page.keyboard.press('Escape');
        if (labels.some((label) => label.includes(title)))
          throw new Error(`"${title}" is offered: ${labels.join(' | ')}`);
      }
    },
  },
];

/** Answers the start-up trust dialog with "No". */
export async function declineTrust(page) {
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'trust' });
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.locator('.monaco-button', { hasText: "No, I don't trust the authors" }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}
