/** The agent-cost executable: runs the CLI on the process arguments (bundled as dist/cli.js). */
import { main } from './main';

process.exitCode = main(process.argv.slice(2));
