// A second editor, for real: Debian's Neovim 0.7, headless, with its own LSP client (vim.lsp) on the bundled
// server over stdio, configured by the README's init.lua ("Other editors"; only its cmd is pointed at the bundle, and
// its settings turn k8s/probes off, which shows they reach the server). test/nvim/driver.lua opens a manifest
// and a Dockerfile, reads the diagnostics, asks for the code actions on a line and lets Neovim apply one, waits for
// the re-validation, and completes a key; this test checks what it saw.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SERVER_BUNDLE } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..', '..');
const DRIVER = join(ROOT, 'test', 'nvim', 'driver.lua');

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "3"
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
`;

const DOCKERFILE = `FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
COPY app.sh /app.sh
CMD /app.sh
`;

interface SeenDiagnostic {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  code: string;
  source: string;
  severity: number;
  message: string;
}
interface SeenFile {
  filetype: string;
  diagnostics: SeenDiagnostic[];
  actions: string[];
  afterFix: { line: string; diagnostics: SeenDiagnostic[] };
  completion?: string[];
  completed?: string;
}
interface Seen {
  error?: string;
  stopped?: boolean;
  files: Record<string, SeenFile>;
}

/** The README's Neovim init.lua, starting the bundle under test instead of the installed bin. */
function readmeInit(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /```lua\n(-- ~\/\.config\/nvim\/init\.lua\n[\s\S]*?)```/.exec(readme);
  assert.ok(match, 'the README has the Neovim init.lua');
  const command = "cmd = { 'shipshape-language-server', '--stdio' }";
  assert.ok(match[1].includes(command));
  return match[1].replace(
    command,
    `cmd = { ${JSON.stringify(process.execPath)}, ${JSON.stringify(SERVER_BUNDLE)}, '--stdio' }`,
  );
}

function neovimSkipReason(): string | false {
  const found = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return found.status === 0
    ? false
    : 'Neovim is not installed: run bash test/realparts/install-deps.sh (npm run test:setup)';
}

const range = (d: SeenDiagnostic) => [d.line, d.character, d.endLine, d.endCharacter];

describe('Neovim 0.7 with the bundled server (--stdio)', { skip: neovimSkipReason() }, () => {
  let workspace: string;
  let seen: Seen;

  before(() => {
    workspace = mkdtempSync(join(tmpdir(), 'shipshape-nvim-'));
    writeFileSync(join(workspace, 'web.yaml'), MANIFEST);
    writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE);
    const out = join(workspace, 'seen.json');
    writeFileSync(join(workspace, 'init.lua'), readmeInit());
    const run = spawnSync(
      'nvim',
      ['--headless', '--clean', '-u', join(workspace, 'init.lua'), '-c', `luafile ${DRIVER}`],
      {
        cwd: workspace,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, SHIPSHAPE_WORKSPACE: workspace, SHIPSHAPE_NVIM_OUT: out },
      },
    );
    assert.equal(run.status, 0, `nvim exited ${run.status} ${run.signal ?? ''}: ${run.stdout}${run.stderr}`);
    seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    assert.equal(seen.error, undefined, seen.error);
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it("publishes the manifest's diagnostics with exact ranges, codes and the shipshape source", () => {
    const manifest = seen.files['web.yaml'];
    assert.equal(manifest.filetype, 'yaml');
    const typeError = manifest.diagnostics.find((d) => d.code === 'k8s/schema-type');
    assert.ok(typeError);
    assert.deepEqual(range(typeError), [5, 12, 5, 15]);
    assert.equal(typeError.severity, 1); // vim.diagnostic.severity.ERROR
    assert.equal(typeError.source, 'shipshape');
    assert.match(typeError.message, /spec\.replicas: expected integer/);
    assert.deepEqual(manifest.diagnostics.filter((d) => d.code === 'k8s/resources-requests').map(range), [
      [15, 16, 15, 19],
    ]);
    // The init.lua's settings, pulled by the server with workspace/configuration: k8s/probes is off.
    assert.deepEqual(
      manifest.diagnostics.filter((d) => d.code === 'k8s/probes'),
      [],
    );
  });

  it("offers the quick fix in Neovim's code-action menu; applied, the value is a number and the error is gone", () => {
    const manifest = seen.files['web.yaml'];
    assert.deepEqual(manifest.actions, ['Write 3 as a number', 'Ignore k8s/schema-type here']);
    assert.equal(manifest.afterFix.line, '  replicas: 3');
    assert.deepEqual(
      manifest.afterFix.diagnostics.filter((d) => d.severity === 1),
      [],
    );
    assert.equal(manifest.afterFix.diagnostics.length, manifest.diagnostics.length - 1);
  });

  it('completes a container key after an edit', () => {
    const manifest = seen.files['web.yaml'];
    assert.ok(manifest.completion?.includes('imagePullPolicy'), String(manifest.completion));
    assert.ok(!manifest.completion?.includes('image'), 'a key the container already has is not offered again');
    assert.match(manifest.completed ?? '', /^ {10}imagePullPolicy: ?$/);
  });

  it('checks the Dockerfile too: diagnostics, the JSON-form fix applied, re-validated', () => {
    const dockerfile = seen.files['Dockerfile'];
    assert.equal(dockerfile.filetype, 'dockerfile');
    assert.deepEqual(
      dockerfile.diagnostics.map((d) => [d.code, ...range(d)]),
      [
        ['DL3015', 1, 22, 1, 37],
        ['DL3025', 3, 4, 3, 11],
      ],
    );
    assert.deepEqual(dockerfile.actions, ['Convert to JSON form', 'Ignore DL3025 here (# hadolint ignore)']);
    assert.equal(dockerfile.afterFix.line, 'CMD ["/app.sh"]');
    assert.deepEqual(
      dockerfile.afterFix.diagnostics.map((d) => d.code),
      ['DL3015'],
    );
  });

  it('stops the server cleanly', () => {
    assert.equal(seen.stopped, true);
  });
});
