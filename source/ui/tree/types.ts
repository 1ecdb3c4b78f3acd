/** One visible line of the tree. Rows are addressed by PATH, so a package shown in many places has many rows. */
export type TreeRow = {
	/** Path key: the ids from the root to this row joined by `pathSeparator`. Unique among rows. */
	readonly key: string;
	/** Root id (`root:…`) or package id. */
	readonly id: string;
	readonly isRoot: boolean;
	readonly depth: number;
	/** Index of the parent row in the same row list, -1 for roots. */
	readonly parent: number;
	readonly hasChildren: boolean;
	readonly expanded: boolean;
	/** `cycle`: this package is one of its own ancestors (not recursed). `deduped`: its subtree is shown elsewhere. */
	readonly marker: 'cycle' | 'deduped' | null;
};

/**
 * Which rows are expanded. `explicit` holds the user's choices by path key; anything not in it follows `mode`:
 * `default` = roots open one level, everything else closed; `all` = everything open, except that a package whose
 * subtree is already shown higher up is shown collapsed and marked `deduped` (rows stay ≈ edges, not paths).
 */
export type ExpansionState = {
	readonly mode: 'default' | 'all';
	readonly explicit: ReadonlyMap<string, boolean>;
};

/** Separator of ids in a path key (a unit separator: cannot occur in a package id). */
export const pathSeparator = '\u001F';

export function pathKey(ids: readonly string[]): string {
	return ids.join(pathSeparator);
}

export function splitPathKey(key: string): string[] {
	return key.split(pathSeparator);
}
