// What only the UI shows: squiggles in the editor and rows in the Problems panel. Each check gets a page already
// showing the workbench with Shipshape loaded; the runner screenshots the page when one fails.
import { openFile } from '../lib/browser.mjs';

/** @type {{title: string, run: (page: import('playwright-core').Page) => Promise<void>}[]} */
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
      const row = panel.locator('.monaco-list-row', { hasText: 'extensions/v1beta1 no longer serves Deployment' }).first();
      await row.waitFor({ timeout: 30_000 });
      const text = await row.innerText();
      if (!text.includes('k8s/api-version')) throw new Error(`the Problems row does not name the rule: ${JSON.stringify(text)}`);
      await panel.locator('.monaco-list-row', { hasText: 'is a container field, written at pod level' }).first().waitFor({ timeout: 10_000 });
    },
  },
];
