// The globals mocha's BDD interface gives the suite inside the extension host (for checkJs; mocha itself is in
// test/e2e/node_modules, installed by test/e2e/setup.sh after lint may already have run).
declare function describe(title: string, body: (this: { timeout(ms: number): void }) => void): void;
declare function it(title: string, body?: (this: { timeout(ms: number): void }) => unknown): void;
declare function before(body: (this: { timeout(ms: number): void }) => unknown): void;
declare function after(body: (this: { timeout(ms: number): void }) => unknown): void;
declare function beforeEach(body: (this: { timeout(ms: number): void }) => unknown): void;
declare function afterEach(body: (this: { timeout(ms: number): void }) => unknown): void;
