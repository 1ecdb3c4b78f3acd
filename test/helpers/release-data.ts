import {
	type NpmPackageFixture,
	type NpmVersionFixture,
	type OsvRecordFixture,
	type RegistryDataset,
	registryNow,
} from './registry-data.js';

/**
 * npm packages whose locked versions carry release evidence, dated relative to `now` (a test's fixed clock,
 * or the real one for the CLI and tmux tests, which cannot fix the clock): a two-hour-old version that adds a
 * postinstall script and a brand-new dependency, one that drops the trusted publishing its line had, three
 * packages of three repositories released by one account within hours, and their older, unremarkable
 * versions. Shapes as `registry-data.ts` serves them (`_npmUser.trustedPublisher`, `dist.attestations`).
 */

const dayMs = 86_400_000;
const hour = 1 / 24;

/** The real config id shape (`oidc:<uuid>`). */
export const axiosLikeConfig = 'oidc:9061ef30-3132-49f4-b28c-9338d192a1a9';
export const otherConfig = 'oidc:5c1a9d2e-7b44-4f0e-9a3b-0d6f2e8c1b77';

export type ReleaseFixtureIds = {
	/** 2 hours old, adds a postinstall script and the brand-new plain-crypto-js: HIGH. */
	readonly hijacked: string;
	/** Its previous version, 40 days old, unremarkable: not flagged. */
	readonly hijackedPrevious: string;
	readonly newDependency: string;
	/** 2 hours old, published with a token after a line of trusted-publisher releases: HIGH. */
	readonly provenanceDrop: string;
	/** Three repositories released by one account within hours, 2 hours ago: HIGH each. */
	readonly burst: readonly string[];
	/** npm's security holding: the locked version was taken down. CRITICAL. */
	readonly holding: string;
};

export const releaseIds: ReleaseFixtureIds = {
	hijacked: 'npm:hijacked@1.14.1',
	hijackedPrevious: 'npm:hijacked@1.14.0',
	newDependency: 'npm:plain-crypto-js@4.2.1',
	provenanceDrop: 'npm:provenance-drop@3.1.0',
	burst: ['npm:burst-a@1.0.1', 'npm:burst-b@2.0.1', 'npm:burst-c@3.0.1'],
	holding: 'npm:held-package@1.2.3',
};

/** The dataset, with every age measured back from `now` (epoch ms). */
export function releaseDataset(now: number): RegistryDataset {
	// registry-data.ts dates versions `daysAgo` before its fixed `registryNow`; shift them to end at `now`.
	const shift = (registryNow - now) / dayMs;
	const at = (ageDays: number, extra: Omit<NpmVersionFixture, 'daysAgo'>): NpmVersionFixture => ({
		...extra,
		daysAgo: ageDays + shift,
	});
	/** `count` versions `prefix.0`, `prefix.1`, … from `fromDays` ago, one every `stepDays`. */
	const line = (
		prefix: string,
		count: number,
		fromDays: number,
		stepDays: number,
		extra: Omit<NpmVersionFixture, 'daysAgo' | 'version'> = {},
	) =>
		Array.from({length: count}, (_, index) =>
			at(fromDays - index * stepDays, {version: `${prefix}.${index}`, ...extra}),
		);
	const npm: NpmPackageFixture[] = [
		{
			name: 'hijacked',
			maintainers: ['jason'],
			versions: [
				...line('1.13', 16, 1000, 60, {
					oidcConfigId: axiosLikeConfig,
					dependencies: {'follow-redirects': '^1.15.6'},
				}),
				at(40, {
					version: '1.14.0',
					oidcConfigId: axiosLikeConfig,
					dependencies: {'follow-redirects': '^1.15.6'},
				}),
				at(2 * hour, {
					version: '1.14.1',
					publisher: 'jason',
					scripts: {postinstall: 'node setup.js'},
					dependencies: {'follow-redirects': '^1.15.6', 'plain-crypto-js': '^4.2.1'},
				}),
			],
			latest: '1.14.1',
			repository: {type: 'git', url: 'git+https://github.com/hijacked/hijacked.git'},
			// 700K a week with one maintainer: MODERATE on structure alone.
			dailyDownloads: 100_000,
		},
		{
			name: 'plain-crypto-js',
			maintainers: ['nrwise'],
			versions: [
				at(1, {version: '4.2.0', publisher: 'nrwise'}),
				at(3 * hour, {version: '4.2.1', publisher: 'nrwise', scripts: {postinstall: 'node setup.js'}}),
			],
			dailyDownloads: 3,
		},
		{
			name: 'provenance-drop',
			maintainers: ['maintainer'],
			versions: [
				...line('3.0', 4, 800, 200, {oidcConfigId: otherConfig}),
				at(2 * hour, {version: '3.1.0', publisher: 'maintainer'}),
			],
			repository: 'github:owner/provenance-drop',
			dailyDownloads: 20_000,
		},
		...(['a', 'b', 'c'] as const).map(
			(letter, index): NpmPackageFixture => ({
				name: `burst-${letter}`,
				maintainers: ['worm-victim'],
				versions: [
					// 0.1.0 … 0.10.0 over the years, each package on its own schedule (never released together:
					// batches would make the burst this account's habit), then a patch of each within hours of the others.
					...Array.from({length: 10}, (_, step) =>
						at(1000 - step * 100 - index * 37, {version: `0.${step + 1}.0`, publisher: 'worm-victim'}),
					),
					at(2 * hour + index * 5 * hour, {version: `${index + 1}.0.1`, publisher: 'worm-victim'}),
				],
				repository: {type: 'git', url: `git+https://github.com/victim/burst-${letter}.git`},
				dailyDownloads: 50_000,
			}),
		),
		{
			name: 'held-package',
			maintainers: [],
			versions: [at(30, {version: '0.0.1-security', publisher: 'npm'})],
			description: 'security holding package',
			repository: 'npm/security-holder',
			dailyDownloads: 10,
		},
	];
	return {npm, pypi: [], osv: releaseAdvisories(now)};
}

/**
 * OSV records for the release fixtures, in the API's shape (after ossf/malicious-packages and the GitHub advisory
 * database): the brand-new dependency is reported malicious (a MAL- record, and GitHub's malware advisory
 * aliasing it — one alias chain, one advisory); a withdrawn MAL- record (a false positive) names provenance-drop;
 * burst-b and burst-c have ordinary vulnerabilities with a fix.
 */
export function releaseAdvisories(now: number): OsvRecordFixture[] {
	const at = (days: number) => new Date(now - days * dayMs).toISOString().replace('.000Z', 'Z');
	const malware = (id: string, aliases: string[], extra: Record<string, unknown> = {}): OsvRecordFixture => ({
		modified: at(0.05),
		published: at(0.1),
		schema_version: '1.7.4',
		id,
		aliases,
		summary: 'Malicious code in plain-crypto-js (npm)',
		details:
			'\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ghsa-malware\nThe postinstall script downloads and runs a remote access trojan.\n',
		affected: [
			{
				package: {ecosystem: 'npm', name: 'plain-crypto-js'},
				versions: ['4.2.1'],
				database_specific: {cwes: [{cweId: 'CWE-506', name: 'Embedded Malicious Code'}]},
			},
		],
		references: [{type: 'ADVISORY', url: `https://github.com/advisories/${aliases[0] ?? id}`}],
		...extra,
	});
	return [
		malware('MAL-2026-90001', ['GHSA-fw8c-xr5c-95f9']),
		malware('GHSA-fw8c-xr5c-95f9', ['MAL-2026-90001'], {
			database_specific: {severity: 'CRITICAL', cwe_ids: ['CWE-506']},
		}),
		{
			modified: at(0.02),
			published: at(0.04),
			id: 'MAL-2026-90002',
			summary: 'Malicious code in provenance-drop (npm)',
			affected: [{package: {ecosystem: 'npm', name: 'provenance-drop'}, versions: ['3.1.0']}],
			withdrawn: at(0.02),
		},
		{
			schema_version: '1.4.0',
			id: 'GHSA-6q4w-3wp4-q5wf',
			modified: at(10),
			published: at(20),
			aliases: ['CVE-2026-21121'],
			summary: 'Denial of service in burst-b',
			severity: [{type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'}],
			affected: [
				{
					package: {ecosystem: 'npm', name: 'burst-b'},
					ranges: [{type: 'ECOSYSTEM', events: [{introduced: '0'}, {fixed: '2.0.2'}]}],
				},
			],
			references: [{type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2026-21121'}],
			database_specific: {severity: 'HIGH', github_reviewed: true, cwe_ids: ['CWE-400']},
		},
		...['GHSA-2c5v-9qhx-8v6m', 'GHSA-7gcc-m4pr-3m4c', 'GHSA-qv5c-7wq8-hc4j'].map(
			(id, index): OsvRecordFixture => ({
				schema_version: '1.4.0',
				id,
				modified: at(30 + index),
				published: at(40 + index),
				summary: `Prototype pollution ${index + 1} in burst-c`,
				affected: [
					{
						package: {ecosystem: 'npm', name: 'burst-c'},
						ranges: [{type: 'SEMVER', events: [{introduced: '3.0.0'}, {fixed: `3.0.${index + 2}`}]}],
					},
				],
				database_specific: {severity: index === 0 ? 'MODERATE' : 'LOW'},
			}),
		),
	];
}

/** A package-lock.json (v3) that locks every release fixture, the old `hijacked@1.14.0` nested under a dependent. */
export function releaseLockfile(): Record<string, unknown> {
	const entry = (name: string, version: string, extra: Record<string, unknown> = {}) => ({
		version,
		resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
		...extra,
	});
	const dependencies = {
		hijacked: '^1.14.1',
		'legacy-user': '^1.0.0',
		'provenance-drop': '^3.1.0',
		'burst-a': '^1.0.1',
		'burst-b': '^2.0.1',
		'burst-c': '^3.0.1',
		'held-package': '^1.2.3',
	};
	return {
		name: 'release-app',
		version: '1.0.0',
		lockfileVersion: 3,
		requires: true,
		packages: {
			'': {name: 'release-app', version: '1.0.0', dependencies},
			'node_modules/hijacked': entry('hijacked', '1.14.1', {
				dependencies: {'plain-crypto-js': '^4.2.1'},
				hasInstallScript: true,
			}),
			'node_modules/plain-crypto-js': entry('plain-crypto-js', '4.2.1', {hasInstallScript: true}),
			'node_modules/legacy-user': {
				version: '1.0.0',
				resolved: 'file:legacy-user',
				dependencies: {hijacked: '1.14.0'},
			},
			'node_modules/legacy-user/node_modules/hijacked': entry('hijacked', '1.14.0'),
			'node_modules/provenance-drop': entry('provenance-drop', '3.1.0'),
			'node_modules/burst-a': entry('burst-a', '1.0.1'),
			'node_modules/burst-b': entry('burst-b', '2.0.1'),
			'node_modules/burst-c': entry('burst-c', '3.0.1'),
			'node_modules/held-package': entry('held-package', '1.2.3'),
		},
	};
}
