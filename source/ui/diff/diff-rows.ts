import type {DiffModel} from '../../diff/model.js';
import {levelOf} from '../../report/gate.js';
import type {RiskLevel} from '../../scoring/types.js';

/** One line of the diff tree. */
export type DiffRow = {
	readonly key: string;
	/** A root id, a head package id, or (for `−`) a base package id. */
	readonly id: string;
	readonly depth: number;
	/** `+` added, `~` changed (new version), `−` removed, ` ` a branch leading to a change, `root`. */
	readonly mark: '+' | '~' | '−' | ' ' | 'root';
	readonly label: string;
	/** The level of an added or changed package (null for context, roots and removed packages). */
	readonly level: RiskLevel | null;
	/** For `~`: the version it moved from. */
	readonly from?: string;
	/** For `~`: the same version, now installed from another tarball host (an edited `resolved`). */
	readonly otherHost?: true;
	/** Its subtree is already shown above (a package reached twice), so it is not repeated. */
	readonly shownAbove?: boolean;
};

/**
 * The head tree cut to what changed: for each root with changes, only the branches that lead to a package
 * the change adds (`+`) or moves to (`~`), opened down to it; then the packages the root no longer reaches
 * (`−`). Untouched branches are left out. Pure, iterative in spirit (depth is bounded by the tree).
 */
export function diffTreeRows(model: DiffModel): DiffRow[] {
	const {head, base} = model;
	const rows: DiffRow[] = [];
	for (const rootDiff of model.diff.roots) {
		const root = head.graph.roots.find((candidate) => candidate.id === rootDiff.headRoot);
		const removed = rootDiff.removed;
		const added = new Set(rootDiff.added);
		const changedTo = new Map(rootDiff.changed.map((change) => [change.to, change.from]));
		if (added.size === 0 && changedTo.size === 0 && removed.length === 0) continue;
		const rootId = root?.id ?? rootDiff.baseRoot!;
		rows.push({key: rootId, id: rootId, depth: 0, mark: 'root', label: rootDiff.name, level: null});
		if (root) {
			const touched = new Set([...added, ...changedTo.keys()]);
			const leads = leadingTo(model, touched);
			const shown = new Set<string>();
			const visit = (id: string, depth: number, path: string, ancestors: ReadonlySet<string>) => {
				if (!leads.has(id) || ancestors.has(id)) return;
				const node = head.graph.packages.get(id);
				if (!node) return;
				const from = changedTo.get(id);
				const mark = added.has(id) ? '+' : from ? '~' : ' ';
				const key = `${path}\u001F${id}`;
				const shownAbove = shown.has(id);
				rows.push({
					key,
					id,
					depth,
					mark,
					label: `${node.name}@${node.version}`,
					level: mark === ' ' ? null : levelOf(model.reports.get(id)),
					// The same version from another tarball host (an edited `resolved`): no version to say it was.
					...(from && from !== id ? {from: base.graph.packages.get(from)?.version ?? from} : {}),
					...(from === id ? {otherHost: true as const} : {}),
					...(shownAbove ? {shownAbove} : {}),
				});
				if (shownAbove) return;
				shown.add(id);
				const next = new Set([...ancestors, id]);
				for (const child of node.dependencies) visit(child, depth + 1, key, next);
			};

			for (const direct of root.dependencies) visit(direct, 1, rootId, new Set());
		}

		for (const id of removed) {
			const node = base.graph.packages.get(id);
			rows.push({
				key: `${rootId}\u001F−${id}`,
				id,
				depth: 1,
				mark: '−',
				label: node ? `${node.name}@${node.version}` : id,
				level: null,
			});
		}
	}

	return rows;
}

/** Packages of the head from which a touched package can be reached (themselves included). */
function leadingTo(model: DiffModel, touched: ReadonlySet<string>): Set<string> {
	const parents = new Map<string, string[]>();
	for (const node of model.head.graph.packages.values()) {
		for (const child of node.dependencies) {
			const list = parents.get(child);
			if (list) list.push(node.id);
			else parents.set(child, [node.id]);
		}
	}

	const leads = new Set<string>();
	const stack = [...touched];
	while (stack.length > 0) {
		const id = stack.pop()!;
		if (leads.has(id)) continue;
		leads.add(id);
		for (const parent of parents.get(id) ?? []) if (!leads.has(parent)) stack.push(parent);
	}

	return leads;
}
