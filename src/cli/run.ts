/** The agent-cost executable: runs the CLI on the process arguments (bundled as dist/cli.js). */
import { installProcessGuards, main } from './main';

installProcessGuards();
process.exitCode = main(process.argv.slice(2));
