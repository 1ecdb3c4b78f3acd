import type {PackageNode} from '../../graph/types.js';
import type {TreeContext} from './context.js';
import {type ExpansionState, pathSeparator, type TreeRow} from './types.js';

/**
 * Flatten the roots into the visible rows for an expansion state. Pure. Cost is linear in the rows produced;
 * expand-all stays ≈ one row per edge because repeated subtrees are deduped. With `directOnly`, the roots and
 * their direct dependencies only (the direct-dependencies view: nothing expands below them).
 */
export function flattenTree(
	context: TreeContext,
	expansion: ExpansionState,
	options: {readonly directOnly?: boolean} = {},
): TreeRow[] {
	const rows: TreeRow[] = [];
	// Packages whose subtree is already on screen (expand-all shows each subtree once, like `npm ls`).
	const shown = new Set<string>();
	const ancestors = new Set<string>();

	const visit = (id: string, parentKey: string, depth: number, parent: number): void => {
		const key = parentKey + pathSeparator + id;
		const children = options.directOnly ? [] : context.children(id);
		const hasChildren = children.length > 0;
		if (ancestors.has(id)) {
			rows.push({key, id, isRoot: false, depth, parent, hasChildren, expanded: false, marker: 'cycle'});
			return;
		}

		const explicit = expansion.explicit.get(key);
		let expanded: boolean;
		let marker: TreeRow['marker'] = null;
		if (explicit !== undefined) expanded = explicit && hasChildren;
		else if (expansion.mode === 'all' && hasChildren) {
			expanded = !shown.has(id);
			if (!expanded) marker = 'deduped';
		} else expanded = false;

		const index = rows.length;
		rows.push({key, id, isRoot: false, depth, parent, hasChildren, expanded, marker});
		if (!expanded) return;
		shown.add(id);
		ancestors.add(id);
		for (const child of children) visit(child, key, depth + 1, index);
		ancestors.delete(id);
	};

	for (const root of context.graph.roots) {
		const children = context.children(root.id);
		const expanded = (expansion.explicit.get(root.id) ?? true) && children.length > 0;
		const index = rows.length;
		rows.push({
			key: root.id,
			id: root.id,
			isRoot: true,
			depth: 0,
			parent: -1,
			hasChildren: children.length > 0,
			expanded,
			marker: null,
		});
		if (expanded) for (const child of children) visit(child, root.id, 1, index);
	}

	return rows;
}

/**
 * Every package reachable in the current view, in the order an expand-all would first show it, with the path key
 * of that first occurrence. Search and "jump to package" use it to reach packages inside collapsed subtrees.
 */
export function canonicalOrder(context: TreeContext): {order: string[]; pathOf: Map<string, string>} {
	const order: string[] = [];
	const pathOf = new Map<string, string>();
	const visit = (id: string, parentKey: string): void => {
		if (pathOf.has(id)) return;
		const key = parentKey + pathSeparator + id;
		pathOf.set(id, key);
		order.push(id);
		for (const child of context.children(id)) visit(child, key);
	};

	for (const root of context.graph.roots)
		for (const child of context.children(root.id)) visit(child, root.id);
	return {order, pathOf};
}

/**
 * The flat view (ncdu-style): every package of the view once, in `compare` order, no roots, no nesting. With
 * `only`, just those packages (a filter's matches: a flat list has no ancestors to keep for context).
 */
export function flattenFlat(
	context: TreeContext,
	compare: (a: PackageNode, b: PackageNode) => number,
	only: ReadonlySet<string> | null,
): TreeRow[] {
	const nodes = [...context.graph.packages.values()].filter((node) => only === null || only.has(node.id));
	nodes.sort(compare);
	return nodes.map((node) => ({
		key: node.id,
		id: node.id,
		isRoot: false,
		depth: 0,
		parent: -1,
		hasChildren: false,
		expanded: false,
		marker: null,
	}));
}
