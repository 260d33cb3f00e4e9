/** The text of a file at a git ref (`git show <ref>:./<name>` in the file's folder). */
import { execFileSync } from 'child_process';
import * as path from 'path';

export class GitError extends Error {}

export function gitShow(ref: string, file: string): string {
  try {
    return execFileSync('git', ['-C', path.dirname(path.resolve(file)), 'show', `${ref}:./${path.basename(file)}`], {
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
