import {execFileSync} from 'node:child_process';

/** git in `cwd` with a fixed test identity (commits need one), its output trimmed; throws on a non-zero exit. */
export function git(cwd: string, ...args: string[]): string {
	return execFileSync(
		'git',
		['-c', 'user.name=commit-tui test', '-c', 'user.email=test@example.com', ...args],
		{cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']},
	).trim();
}
