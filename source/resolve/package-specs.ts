import {ecosystems, findEcosystem} from '../ecosystems/index.js';
import {GraphBuilder} from '../graph/builder.js';
import {mergeLockfiles} from '../graph/merge.js';
import type {DependencyGraph} from '../graph/types.js';
import {LockfileError} from '../lockfiles/types.js';

/**
 * "What would I pull in?": `--package npm:express@^4`, `pypi:requests==2.32.3`, `cargo:serde@1` → one root per
 * spec, whose one requirement the scan resolves with its whole tree (newest satisfying, not locked), scored and
 * streamed like a project. The prefix is an ecosystem id; the rest is the ecosystem's own syntax.
 */
export function packageSpecGraph(specs: readonly string[]): DependencyGraph {
	const known = ecosystems.filter((ecosystem) => ecosystem.resolver).map((ecosystem) => `${ecosystem.id}:`);
	const contributions = specs.map((spec) => {
		const where = `--package ${spec}`;
		const colon = spec.indexOf(':');
		const ecosystem = colon > 0 ? findEcosystem(spec.slice(0, colon)) : undefined;
		const resolver = ecosystem?.resolver;
		if (!ecosystem || !resolver)
			throw new LockfileError(where, `start with an ecosystem: ${known.join(', ')} (e.g. npm:express@^4)`);
		const parsed = resolver.parseSpec(spec.slice(colon + 1));
		if ('error' in parsed) throw new LockfileError(where, parsed.error);
		const name = ecosystem.normalizeName(parsed.name);
		if (!ecosystem.isValidName(name))
			throw new LockfileError(where, `"${parsed.name}" is not a valid ${ecosystem.displayName} package name`);
		const builder = new GraphBuilder(ecosystem.id, spec);
		const root = builder.addRoot(spec);
		builder.addRequirement({
			from: root,
			name,
			range: parsed.range,
			kind: 'prod',
			...(parsed.extras && parsed.extras.length > 0 ? {extras: parsed.extras} : {}),
			text: spec,
		});
		const lockfile = builder.build('package', {direct: 'declared', resolved: true});
		return {
			info: {path: spec, format: lockfile.format, ecosystem: ecosystem.id, resolved: true},
			roots: lockfile.roots,
			packages: lockfile.packages,
			warnings: lockfile.warnings,
			...(lockfile.resolution ? {resolution: lockfile.resolution} : {}),
		};
	});
	return mergeLockfiles(contributions);
}
