import {pathKey, splitPathKey, type TreeRow} from './types.js';

/**
 * Where a wanted package is in the view: a row that shows it (`hidden: null`), or — for a package no row shows,
 * inside a collapsed subtree — its first place in the tree (`hidden`: that path), drawn after the row of its
 * nearest shown ancestor (`row`) once revealed. A package appears in as many rows as it has shown parents
 * (deduped copies): each row is a place of its own, so `n`, `]`, `a` visit every one, as vim visits every match.
 */
export type Place = {
	readonly row: number;
	readonly id: string;
	readonly hidden: string | null;
	/** Order among the hidden places after the same row: their order in the tree. */
	readonly rank: number;
};

/**
 * The places of `wanted` in screen order. `firstPaths` (the tree's first path of each package, in tree order)
 * finds the hidden ones; without it (the flat list, direct dependencies only) only rows count. O(rows + wanted).
 */
export function placesOf(
	rows: readonly TreeRow[],
	wanted: ReadonlySet<string>,
	firstPaths: ReadonlyMap<string, string> | null,
): Place[] {
	const places: Place[] = [];
	const shown = new Set<string>();
	rows.forEach((row, index) => {
		if (row.isRoot || !wanted.has(row.id)) return;
		shown.add(row.id);
		places.push({row: index, id: row.id, hidden: null, rank: 0});
	});
	if (firstPaths === null || shown.size === wanted.size) return places;
	const rowOfKey = new Map(rows.map((row, index) => [row.key, index]));
	let rank = 0;
	for (const [id, key] of firstPaths) {
		rank++;
		if (!wanted.has(id) || shown.has(id)) continue;
		places.push({row: shownAncestor(rowOfKey, key), id, hidden: key, rank});
	}

	return places.sort((a, b) => a.row - b.row || a.rank - b.rank);
}

/** The row of the nearest ancestor of a path that has a row (a root always has one). */
function shownAncestor(rowOfKey: ReadonlyMap<string, number>, key: string): number {
	const ids = splitPathKey(key);
	for (let length = ids.length - 1; length > 0; length--) {
		const row = rowOfKey.get(pathKey(ids.slice(0, length)));
		if (row !== undefined) return row;
	}

	return 0;
}

/**
 * The place to go to from the cursor's row: the nearest below it (`direction` 1; a hidden place after the
 * cursor's own row counts as below), wrapping to the first, or the nearest above (-1), wrapping to the last.
 * -1 when there is none.
 */
export function nextPlace(places: readonly Place[], cursor: number, direction: 1 | -1): number {
	if (places.length === 0) return -1;
	if (direction === 1) {
		const below = places.findIndex((place) => place.row > cursor || (place.row === cursor && place.hidden));
		return below === -1 ? 0 : below;
	}

	for (let index = places.length - 1; index >= 0; index--) if (places[index]!.row < cursor) return index;
	return places.length - 1;
}

/** The index of the place the cursor is on, -1 when it is on none. */
export function placeAt(places: readonly Place[], cursor: number): number {
	return places.findIndex((place) => place.row === cursor && place.hidden === null);
}
