/**
 * Strongly connected components (iterative Tarjan, so deep chains cannot overflow the stack), for the roll-ups'
 * condensation of the graph, cycles included. O(V + E). Returns each node's component index and the components in the order Tarjan completes
 * them — reverse topological order of the condensation (a component comes after all it reaches).
 */
export function stronglyConnectedComponents(successors: ReadonlyArray<readonly number[]>): {
	componentOf: Int32Array;
	components: number[][];
} {
	const count = successors.length;
	const index = new Int32Array(count).fill(-1);
	const lowLink = new Int32Array(count);
	const onStack = new Uint8Array(count);
	const componentOf = new Int32Array(count).fill(-1);
	const components: number[][] = [];
	const stack: number[] = [];
	let nextIndex = 0;
	// Explicit call stack: [node, position in its successor list].
	const callNodes = new Int32Array(count);
	const callEdges = new Int32Array(count);

	for (let start = 0; start < count; start++) {
		if (index[start] !== -1) continue;
		let depth = 0;
		callNodes[0] = start;
		callEdges[0] = 0;
		index[start] = lowLink[start] = nextIndex++;
		stack.push(start);
		onStack[start] = 1;
		while (depth >= 0) {
			const node = callNodes[depth]!;
			const edges = successors[node]!;
			const position = callEdges[depth]!;
			if (position < edges.length) {
				callEdges[depth] = position + 1;
				const next = edges[position]!;
				if (index[next] === -1) {
					index[next] = lowLink[next] = nextIndex++;
					stack.push(next);
					onStack[next] = 1;
					depth++;
					callNodes[depth] = next;
					callEdges[depth] = 0;
				} else if (onStack[next]) {
					lowLink[node] = Math.min(lowLink[node]!, index[next]!);
				}

				continue;
			}

			if (lowLink[node] === index[node]) {
				const component: number[] = [];
				let member: number;
				do {
					member = stack.pop()!;
					onStack[member] = 0;
					componentOf[member] = components.length;
					component.push(member);
				} while (member !== node);
				components.push(component);
			}

			depth--;
			if (depth >= 0) {
				const parent = callNodes[depth]!;
				lowLink[parent] = Math.min(lowLink[parent]!, lowLink[node]!);
			}
		}
	}

	return {componentOf, components};
}
