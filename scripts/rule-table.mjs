// Prints the README's Dockerfile rule table from the rule catalogue, so the docs list exactly the rules that exist.
// Usage: npm run build && node scripts/rule-table.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { ALL_RULES } = require('../out/server/src/service/dockerfile/rules/index.js');
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const rows = ALL_RULES.map((rule) => {
  const severity = SEVERITY[rule.severity] + (rule.enabledByDefault === false ? ' (off by default)' : '');
  return `| \`${rule.id}\` | ${rule.origin} | ${severity} | ${rule.description.replace(/\|/g, '\\|')} |`;
});
console.log(['| id | from | severity | what it catches |', '| --- | --- | --- | --- |', ...rows].join('\n'));
