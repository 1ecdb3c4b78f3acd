/**
 * A pnpm v9 lockfile of the same tree as an npm v3 package-lock.json, for the YAML reader's figures: every
 * `name@version` once under `packages` (with its integrity) and `snapshots` (its dependencies at the versions npm
 * placed, found up the `node_modules` path as Node would), the root's direct dependencies as the `.` importer.
 * Generated at bench time, never stored. Peer suffixes, optional and platform fields are left out: they change what
 * a reader builds, not how much YAML it parses.
 */

type NpmEntry = {
	readonly version?: string;
	readonly integrity?: string;
	readonly link?: boolean;
	readonly dependencies?: Readonly<Record<string, string>>;
	readonly optionalDependencies?: Readonly<Record<string, string>>;
	readonly devDependencies?: Readonly<Record<string, string>>;
};

export function pnpmLockFromNpm(lock: {packages: Readonly<Record<string, NpmEntry>>}): {
	text: string;
	entries: number;
} {
	const packages = lock.packages;
	const keyOf = (location: string): string | null => {
		const entry = packages[location];
		if (!entry?.version || entry.link) return null;
		return `${location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`;
	};

	/** Where Node finds `name` from the package at `location`: its own node_modules, then each one above. */
	const resolve = (location: string, name: string): string | null => {
		let base = location;
		for (;;) {
			const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
			if (packages[candidate]) return keyOf(candidate);
			if (base === '') return null;
			const cut = base.lastIndexOf('/node_modules/');
			base = cut < 0 ? '' : base.slice(0, cut);
		}
	};

	const quoted = (text: string) =>
		/^[a-z0-9]/i.test(text) && !/[:#{}[\],&*'"]/.test(text) ? text : `'${text}'`;
	const versionOf = (key: string) => key.slice(key.lastIndexOf('@'));
	const lines: string[] = [
		"lockfileVersion: '9.0'",
		'',
		'settings:',
		'  autoInstallPeers: true',
		'  excludeLinksFromLockfile: false',
		'',
		'importers:',
		'',
		'  .:',
	];
	const root = packages[''] ?? {};
	for (const [field, section] of [
		['dependencies', root.dependencies],
		['devDependencies', root.devDependencies],
	] as const) {
		if (!section || Object.keys(section).length === 0) continue;
		lines.push(`    ${field}:`);
		for (const [name, range] of Object.entries(section)) {
			const key = resolve('', name);
			if (!key) continue;
			lines.push(
				`      ${quoted(name)}:`,
				`        specifier: ${quoted(range)}`,
				`        version: ${versionOf(key).slice(1)}`,
			);
		}
	}

	const seen = new Map<string, string>();
	for (const location of Object.keys(packages)) {
		const key = location === '' ? null : keyOf(location);
		if (key && !seen.has(key)) seen.set(key, location);
	}

	lines.push('', 'packages:', '');
	for (const [key, location] of seen) {
		lines.push(
			`  ${quoted(key)}:`,
			`    resolution: {integrity: ${packages[location]!.integrity ?? 'sha512-unknown'}}`,
			'',
		);
	}

	lines.push('snapshots:', '');
	for (const [key, location] of seen) {
		const entry = packages[location]!;
		const dependencies = Object.keys({...entry.dependencies, ...entry.optionalDependencies}).flatMap(
			(name) => {
				const found = resolve(location, name);
				return found ? [`      ${quoted(name)}: ${versionOf(found).slice(1)}`] : [];
			},
		);
		lines.push(
			dependencies.length === 0
				? `  ${quoted(key)}: {}`
				: `  ${quoted(key)}:\n    dependencies:\n${dependencies.join('\n')}`,
			'',
		);
	}

	return {text: `${lines.join('\n')}\n`, entries: seen.size};
}
