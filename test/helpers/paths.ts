import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The repository root, whether a test runs from source (tsx) or compiled (dist/test/...).
 * Fixtures are not compiled, so tests always read them from the source tree.
 */
function findRepoRoot(): string {
	let directory = path.dirname(fileURLToPath(import.meta.url));
	while (path.basename(directory) !== 'test') directory = path.dirname(directory);
	const parent = path.dirname(directory);
	return path.basename(parent) === 'dist' ? path.dirname(parent) : parent;
}

export const repoRoot = findRepoRoot();
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

export function fixturePath(...parts: string[]): string {
	return path.join(fixturesDir, ...parts);
}
