/**
 * Preloaded (`node -r`) into a process the bench starts (the CLI, the language server): writes the
 * process's peak resident memory, in KB, to BENCH_RSS_FILE when it exits.
 */
import { writeFileSync } from 'fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
