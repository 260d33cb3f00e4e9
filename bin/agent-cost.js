#!/usr/bin/env node
'use strict';
const cli = require('../out/src/cli/main.js');
cli.installProcessGuards();
process.exitCode = cli.main(process.argv.slice(2));
