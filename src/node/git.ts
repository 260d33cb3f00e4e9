/** The text of a file at a git ref (`git show <ref>:./<name>` in the file's folder). */
import { execFileSync } from 'child_process';
import * as path from 'path';

export class GitError extends Error {}

/**
 * Refuses a ref git could read as an option (`--output=…`, `-p`) or that cannot name a commit
 * (empty, control characters, a ":" that would change which file is read).
 */
export function checkRef(ref: unknown): asserts ref is string {
  if (typeof ref !== 'string' || ref === '') throw new GitError('the git ref is empty');
  if (ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref (it starts with "-")`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f:]/.test(ref)) throw new GitError(`"${ref}" is not a git ref`);
}

export function gitShow(ref: string, file: string): string {
  checkRef(ref);
  try {
    // --end-of-options: whatever the ref is, git reads it as a revision, never as an option.
    const spec = `${ref}:./${path.basename(file)}`;
    return execFileSync('git', ['-C', path.dirname(path.resolve(file)), 'show', '--end-of-options', spec], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr || (e as Error).message)
      .trim()
      .split('\n')[0];
    throw new GitError(`cannot read ${file} at ${ref}: ${msg}`);
  }
}
