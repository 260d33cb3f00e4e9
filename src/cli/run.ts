/** The agent-cost executable: runs the CLI on the process arguments (bundled as dist/cli.js). */
import { collectBetweenStages } from '../node/memory';
import { installProcessGuards, main } from './main';

installProcessGuards();
const argv = process.argv.slice(2);
// One-off analyses collect their garbage between stages (peak memory); the language server does not.
if (argv[0] !== 'lsp') collectBetweenStages();
process.exitCode = main(argv);
