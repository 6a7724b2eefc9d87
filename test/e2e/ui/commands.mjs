// Build Image and Apply to Current Context driven through the UI, the way a user runs them (Command Palette,
// input box, modal, notifications), against the real Docker engine and kube-apiserver of test/realparts. The
// runner then asks docker and kubectl themselves whether the image and the objects exist.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { answerInput, openFile, runCommand, waitForNotification } from '../lib/browser.mjs';

const exec = promisify(execFile);
export const BUILT_TAG = 'shipshape-e2e/hello:1.0.0';
export const BROKEN_TAG = 'shipshape-e2e/broken:1.0.0';
export const RUN_TAG = 'shipshape-e2e/run-web:1.0.0';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** The status of GET http://127.0.0.1:port/ and its body, or undefined when nothing answers. */
function fetchPage(port) {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(undefined));
  });
}

/** Polls `probe` until it returns something truthy, or fails after `timeout` ms saying `what`. */
async function until(what, probe, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The Shipshape output channel's text, for the report of a failed check. */
async function shipshapeOutput(page) {
  await runCommand(page, 'Output: Show Output Channels...');
  await answerInput(page, 'Shipshape');
  const lines = page.locator('.panel .output-view .view-lines');
  await lines.first().waitFor({ timeout: 10_000 });
  return lines.first().innerText();
}

async function closeNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/**
 * @param {{docker?: {env: object}, kube?: {env: object, context: string}}} parts
 * @returns {{title: string, skip?: string, run: (page: import('playwright-core').Page) => Promise<void>}[]}
 */
export function commandChecks(parts, reasons, workspace) {
  return [
    {
      title: 'Build Image on a Dockerfile builds the image in the real Docker engine',
      skip: reasons.docker,
      async run(page) {
        await openFile(page, 'build-ok/Dockerfile');
        await runCommand(page, 'Shipshape: Build Image');
        await answerInput(page, BUILT_TAG);
        const outcome = await waitForNotification(
          page,
          new RegExp(`Built ${BUILT_TAG}|Build of ${BUILT_TAG} failed`),
          120_000,
        );
        const message = await outcome.innerText();
        if (!message.includes(`Built ${BUILT_TAG}`))
          throw new Error(`the build failed: ${message}\n${await shipshapeOutput(page)}`);
        const { stdout } = await exec('docker', ['image', 'inspect', '--format', '{{json .Config.Cmd}}', BUILT_TAG], {
          env: { ...process.env, ...parts.docker.env },
        });
        if (!stdout.includes('/hello.txt')) throw new Error(`the image's CMD is not the Dockerfile's: ${stdout}`);
        await closeNotifications(page);
      },
    },
    {
      title: 'a failing build puts a diagnostic on the failing line',
      skip: reasons.docker,
      async run(page) {
        await openFile(page, 'build-broken/Dockerfile');
        await runCommand(page, 'Shipshape: Build Image');
        await answerInput(page, BROKEN_TAG);
        await waitForNotification(page, `Build of ${BROKEN_TAG} failed at line 3`, 120_000);
        // The squiggle is on line 3, the failing RUN: the editor draws it in that line's view-overlay row.
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'docker build' }).first();
        await row.waitFor({ timeout: 20_000 });
        const text = await row.innerText();
        if (!/Ln 3\b/.test(text))
          throw new Error(`the docker build diagnostic is not on line 3: ${JSON.stringify(text)}`);
        await closeNotifications(page);
      },
    },
    {
      title:
        'Run Image after a build: -p for the EXPOSEd port proposed, the page served on 127.0.0.1, logs in a terminal, Stop',
      skip: reasons.docker,
      async run(page) {
        const port = await freePort();
        writeFileSync(
          path.join(workspace, 'run-web', 'Dockerfile'),
          [
            '# Builds offline: the base image is the busybox the real-parts harness imports.',
            'FROM shipshape-busybox:local',
            'COPY index.html /www/index.html',
            `EXPOSE ${port}`,
            `CMD ["busybox", "httpd", "-f", "-v", "-p", "127.0.0.1:${port}", "-h", "/www"]`,
            '',
          ].join('\n'),
        );
        await openFile(page, 'run-web/Dockerfile');
        await runCommand(page, 'Shipshape: Build Image');
        await answerInput(page, RUN_TAG);
        const built = await waitForNotification(page, `Built ${RUN_TAG}`, 120_000);
        await built.locator('.monaco-button', { hasText: 'Run Image' }).click();
        // The ports box (by its title: the tag box before it may still be closing) proposes the EXPOSEd port, on loopback.
        const portsBox = page.locator('.quick-input-widget', { hasText: 'Run Image: ports' });
        await portsBox.waitFor({ timeout: 20_000 });
        const input = portsBox.locator('input');
        const proposed = await until('the proposed ports', async () => (await input.inputValue()) || undefined, 20_000);
        if (proposed !== `127.0.0.1:${port}:${port}`) throw new Error(`proposed ports: ${JSON.stringify(proposed)}`);
        await page.keyboard.press('Enter');
        const running = await waitForNotification(page, `Running ${RUN_TAG}`, 60_000);
        const served = await until(`http://127.0.0.1:${port}/`, () => fetchPage(port));
        if (served.status !== 200 || served.body !== 'hello from Run Image\n')
          throw new Error(`GET /: ${JSON.stringify(served)}`);
        // The logs terminal: its tab, and httpd's line for the request just made.
        await page
          .locator('.terminal-tabs-entry, .single-terminal-tab, .tabs-list .monaco-list-row', { hasText: 'Run:' })
          .first()
          .waitFor({ timeout: 20_000 });
        const rows = page.locator('.terminal-wrapper.active .xterm-rows').first();
        await until(
          'the request in the terminal',
          async () => /response:200/.test(await rows.innerText().catch(() => '')),
          20_000,
        );
        // Stop: from the notification while it shows (toasts hide after a while), else from the Command Palette.
        const stop = running.locator('.monaco-button', { hasText: 'Stop' });
        if (await stop.isVisible()) await stop.click();
        else await runCommand(page, 'Shipshape: Stop Running Image');
        await until('the page to stop answering', async () => (await fetchPage(port)) === undefined, 30_000);
        await until('the container to be removed', async () => {
          const { stdout } = await exec(
            'docker',
            ['ps', '--all', '--filter', `ancestor=${RUN_TAG}`, '--format', '{{.Names}}'],
            { env: { ...process.env, ...parts.docker.env } },
          );
          return stdout.trim() === '';
        });
        await closeNotifications(page);
      },
    },
    {
      title: 'the status bar shows the current kube context',
      skip: reasons.kube,
      async run(page) {
        await openFile(page, 'deploy/app.yaml');
        await page
          .locator('.statusbar-item', { hasText: `${parts.kube.context}: default` })
          .first()
          .waitFor({ timeout: 30_000 });
      },
    },
    {
      title: 'Apply to Current Context applies a multi-document file to the real API server',
      skip: reasons.kube,
      async run(page) {
        await openFile(page, 'deploy/app.yaml');
        await runCommand(page, 'Shipshape: Apply to Current Context');
        const dialog = page.locator('.monaco-dialog-box', { hasText: 'Apply app.yaml to context' });
        await dialog.waitFor({ timeout: 60_000 });
        await dialog.locator('.monaco-button', { hasText: /^Apply$/ }).click();
        await waitForNotification(page, `Applied to ${parts.kube.context}/default`, 60_000);
        const { stdout } = await exec(
          'kubectl',
          ['get', 'configmap/e2e-web-config', 'deployment/e2e-web', 'service/e2e-web', '-o', 'name'],
          {
            env: { ...process.env, ...parts.kube.env },
          },
        );
        const names = stdout.trim().split('\n').sort();
        const expected = ['configmap/e2e-web-config', 'deployment.apps/e2e-web', 'service/e2e-web'];
        if (JSON.stringify(names) !== JSON.stringify(expected))
          throw new Error(`kubectl get: ${JSON.stringify(names)}`);
        await closeNotifications(page);
      },
    },
    {
      title: 'a second Apply, from the diff view the first one left in front, applies the same manifest',
      skip: reasons.kube,
      async run(page) {
        // The first Apply's diff of the three new objects is the active editor now, not app.yaml.
        const active = await page.locator('.tabs-container .tab.active').first().innerText();
        if (!/after apply/.test(active)) throw new Error(`the diff is not in front: ${JSON.stringify(active)}`);
        await runCommand(page, 'Shipshape: Apply to Current Context');
        const dialog = page.locator('.monaco-dialog-box', { hasText: 'Apply app.yaml to context' });
        await dialog.waitFor({ timeout: 60_000 });
        await dialog.locator('.monaco-button', { hasText: /^Apply$/ }).click();
        await waitForNotification(page, `Applied to ${parts.kube.context}/default`, 60_000);
        await closeNotifications(page);
      },
    },
  ];
}
