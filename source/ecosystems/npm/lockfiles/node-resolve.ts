/**
 * Node's module resolution over install paths, as npm v1/v2/v3 and bun record them: a dependency `name`
 * required from the package at `node_modules/a/node_modules/b` is the first of
 * `node_modules/a/node_modules/b/node_modules/name`, `node_modules/a/node_modules/name`, `node_modules/name`
 * that exists. Equivalently: of the folders that have `name` installed in their node_modules, the deepest one
 * that is `fromPath` itself or one of its ancestors. Indexing install paths by name makes each lookup cost
 * the number of copies of that name (almost always 1–3) with no string building; a name with many copies (a
 * monorepo's workspaces each nesting their own: hundreds) is looked up by the few folders above `fromPath`
 * instead. Either way resolving every edge of a lockfile stays linear.
 */

const NODE_MODULES = 'node_modules';
const SEGMENT = `${NODE_MODULES}/`;

/**
 * The copies of one name: their install paths and the folders whose node_modules hold them, in parallel lists;
 * for a name with many copies, also by folder (made on its first lookup).
 */
type Copies = {
	readonly installPaths: string[];
	readonly owners: string[];
	byOwner: Map<string, string> | null;
};

export class NodeResolver {
	private readonly copies = new Map<string, Copies>();
	/** Every folder that holds a copy of something. */
	private readonly owners = new Set<string>();
	/** The owners above the last `fromPath` asked about: a package's edges are resolved one after another. */
	private lastFrom: string | undefined;
	private lastOwners: readonly string[] = [];

	/** `installPaths`: every install path in the tree (others, like workspace folders, are ignored). */
	constructor(installPaths: Iterable<string>) {
		for (const installPath of installPaths) {
			const index = nameIndex(installPath);
			if (index === -1) continue;
			const name = installPath.slice(index);
			const owner = index === SEGMENT.length ? '' : installPath.slice(0, index - SEGMENT.length - 1);
			const copies = this.copies.get(name);
			if (copies) {
				copies.installPaths.push(installPath);
				copies.owners.push(owner);
			} else this.copies.set(name, {installPaths: [installPath], owners: [owner], byOwner: null});
			this.owners.add(owner);
		}
	}

	/**
	 * The install path `name` resolves to when required from the package (or workspace folder) at
	 * `fromPath` ('' for the project root); undefined when no folder on the way up has it.
	 */
	resolve(fromPath: string, name: string): string | undefined {
		const copies = this.copies.get(name);
		if (copies === undefined) return undefined;
		const {owners, installPaths} = copies;
		const count = owners.length;
		if (count > scannedCopies) {
			copies.byOwner ??= new Map(owners.map((owner, index) => [owner, installPaths[index]!]));
			const above = this.ownersAbove(fromPath);
			for (let index = 0; index < above.length; index++) {
				const installPath = copies.byOwner.get(above[index]!);
				if (installPath !== undefined) return installPath;
			}

			return undefined;
		}

		let best = -1;
		let bestLength = -1;
		for (let index = 0; index < count; index++) {
			const owner = owners[index]!;
			if (owner.length > bestLength && isSelfOrAncestor(owner, fromPath)) {
				best = index;
				bestLength = owner.length;
			}
		}

		return best === -1 ? undefined : installPaths[best];
	}

	/** The folders holding copies that are `fromPath` or above it, the nearest first. */
	private ownersAbove(fromPath: string): readonly string[] {
		if (fromPath === this.lastFrom) return this.lastOwners;
		const owners: string[] = [];
		if (this.owners.has(fromPath)) owners.push(fromPath);
		for (let index = fromPath.length - 1; index > 0; index--) {
			if (fromPath.charCodeAt(index) !== 47) continue;
			const folder = fromPath.slice(0, index);
			if (this.owners.has(folder)) owners.push(folder);
		}

		if (fromPath !== '' && this.owners.has('')) owners.push('');
		this.lastFrom = fromPath;
		this.lastOwners = owners;
		return owners;
	}
}

/** Up to this many copies of a name, a lookup checks each; past it, it walks up the requiring folder. */
const scannedCopies = 8;

function isSelfOrAncestor(folder: string, path: string): boolean {
	if (folder === '') return true;
	return path.startsWith(folder) && (path.length === folder.length || path.charCodeAt(folder.length) === 47);
}

/**
 * `node_modules/a/node_modules/@s/b` → name `@s/b`, owner `node_modules/a`; `packages/x/node_modules/c` →
 * name `c`, owner `packages/x`. Undefined for paths that are not inside a node_modules folder.
 */
export function splitInstallPath(installPath: string): {name: string; owner: string} | undefined {
	const index = nameIndex(installPath);
	if (index === -1) return undefined;
	return {
		name: installPath.slice(index),
		owner: index === SEGMENT.length ? '' : installPath.slice(0, index - SEGMENT.length - 1),
	};
}

/** Where the package name starts in an install path (after its last `node_modules/`), or -1 when it is not one. */
function nameIndex(installPath: string): number {
	const index = installPath.lastIndexOf(SEGMENT);
	if (index === -1 || (index > 0 && installPath.charCodeAt(index - 1) !== 47)) return -1;
	const start = index + SEGMENT.length;
	// A scoped name spans two segments; `node_modules/@s/b` must not read as name `b` under owner `@s`.
	if (start === installPath.length || installPath.startsWith(NODE_MODULES, start)) return -1;
	return start;
}

/** The package name installed at an install path (`node_modules/a/node_modules/@s/b` → `@s/b`). */
export function nameFromInstallPath(installPath: string): string | undefined {
	const index = nameIndex(installPath);
	return index === -1 ? undefined : installPath.slice(index);
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
