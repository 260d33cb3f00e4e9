#!/usr/bin/env node
/**
 * `npm run docs:settings`: rewrites the README's assumptions and budgets tables, package.json's
 * VS Code settings and schema/agentcost.schema.json from the settings table (src/core/settings).
 * Run after adding or changing a row; the unit tests fail until the files match.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
const { generatedFiles } = require(path.join(root, 'out', 'src', 'node', 'generatedDocs.js'));

for (const f of generatedFiles(root)) {
  if (f.actual === f.expected) continue;
  fs.writeFileSync(path.join(root, f.file), f.expected);
  console.log(`updated ${f.file}`);
}
