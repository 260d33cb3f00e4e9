#!/usr/bin/env node
'use strict';
// The bundled CLI (dist/cli.js, made by `npm run build`) runs on load.
const path = require('path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!require('fs').existsSync(cli)) {
  console.error(`agent-cost: ${cli} is missing; run \`npm run build\` first`);
  process.exitCode = 2;
} else require(cli);
