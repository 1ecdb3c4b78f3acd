/**
 * Node's module resolution over install paths, as npm v1/v2/v3 and bun record them: a dependency `name`
 * required from the package at `node_modules/a/node_modules/b` is the first of
 * `node_modules/a/node_modules/b/node_modules/name`, `node_modules/a/node_modules/name`, `node_modules/name`
 * that exists. Equivalently: of the folders that have `name` installed in their node_modules, the deepest one
 * that is `fromPath` itself or one of its ancestors. Indexing install paths by name makes each lookup cost
 * the number of copies of that name (almost always 1–3) with no string building, so resolving every edge of
 * a lockfile stays linear.
 */

const NODE_MODULES = 'node_modules';
const SEGMENT = `${NODE_MODULES}/`;

/** Where one copy of a package sits: its install path, and the folder whose node_modules holds it. */
type Copy = {readonly installPath: string; readonly owner: string};

export class NodeResolver {
	private readonly copies = new Map<string, Copy[]>();

	/** `installPaths`: every install path in the tree (others, like workspace folders, are ignored). */
	constructor(installPaths: Iterable<string>) {
		for (const installPath of installPaths) {
			const split = splitInstallPath(installPath);
			if (split === undefined) continue;
			const list = this.copies.get(split.name);
			if (list) list.push({installPath, owner: split.owner});
			else this.copies.set(split.name, [{installPath, owner: split.owner}]);
		}
	}

	/**
	 * The install path `name` resolves to when required from the package (or workspace folder) at
	 * `fromPath` ('' for the project root); undefined when no folder on the way up has it.
	 */
	resolve(fromPath: string, name: string): string | undefined {
		const list = this.copies.get(name);
		if (list === undefined) return undefined;
		let best: Copy | undefined;
		for (const copy of list) {
			if (best !== undefined && copy.owner.length <= best.owner.length) continue;
			if (isSelfOrAncestor(copy.owner, fromPath)) best = copy;
		}

		return best?.installPath;
	}
}

function isSelfOrAncestor(folder: string, path: string): boolean {
	if (folder === '') return true;
	return path.startsWith(folder) && (path.length === folder.length || path.charCodeAt(folder.length) === 47);
}

/**
 * `node_modules/a/node_modules/@s/b` → name `@s/b`, owner `node_modules/a`; `packages/x/node_modules/c` →
 * name `c`, owner `packages/x`. Undefined for paths that are not inside a node_modules folder.
 */
export function splitInstallPath(installPath: string): {name: string; owner: string} | undefined {
	const index = installPath.lastIndexOf(SEGMENT);
	if (index === -1 || (index > 0 && installPath.charCodeAt(index - 1) !== 47)) return undefined;
	const name = installPath.slice(index + SEGMENT.length);
	if (name === '' || name.startsWith('node_modules')) return undefined;
	// A scoped name spans two segments; `node_modules/@s/b` must not read as name `b` under owner `@s`.
	return {name, owner: index === 0 ? '' : installPath.slice(0, index - 1)};
}

/** The package name installed at an install path (`node_modules/a/node_modules/@s/b` → `@s/b`). */
export function nameFromInstallPath(installPath: string): string | undefined {
	return splitInstallPath(installPath)?.name;
}

/**
 * Splits a chain of package names joined by '/' (bun's nested keys: `express/debug`, `@babel/core/semver`,
 * `@scope/a/@scope/b`) into the names. A segment starting with '@' takes the next segment with it.
 */
export function splitNameChain(chain: string): string[] {
	const segments = chain.split('/');
	const names: string[] = [];
	for (let index = 0; index < segments.length; index++) {
		const segment = segments[index]!;
		if (segment.startsWith('@') && index + 1 < segments.length) {
			names.push(`${segment}/${segments[index + 1]!}`);
			index++;
		} else {
			names.push(segment);
		}
	}

	return names;
}

/** `['express', 'debug']` → `node_modules/express/node_modules/debug`: a name chain as an install path. */
export function installPathOfChain(names: readonly string[]): string {
	return names.map((name) => `${SEGMENT}${name}`).join('/');
}
