import * as shape from '../cache/schema.js';
import {seriesData} from './daily-series.js';

/**
 * Cache schemas of the neutral facts (types.ts): what a request's parser produces when it produces
 * `PackageMetadata` or `DownloadHistory`. A change to those types changes these, and bumps their version.
 */

const versionDependencies: shape.Schema = shape.objectOf(
	{prod: shape.recordOf(shape.string())},
	{
		optional: shape.recordOf(shape.string()),
		peer: shape.recordOf(shape.string()),
		peerOptional: shape.arrayOf(shape.string()),
	},
);

/** A release-evidence key of `VersionFacts`: present only when it says something, and then `true`. */
const present: shape.Schema = shape.oneOf([true]);

const trustedPublisher: shape.Schema = shape.objectOf({
	provider: shape.nullable(shape.string()),
	identity: shape.nullable(shape.string()),
});

const versionFacts: shape.Schema = shape.objectOf(
	{
		version: shape.string(),
		published: shape.nullable(shape.isoTime()),
		publishedBy: shape.nullable(shape.string()),
		deprecated: shape.nullable(shape.string()),
		yanked: shape.boolean(),
		yankedReason: shape.nullable(shape.string()),
	},
	{
		dependencies: shape.nullable(versionDependencies),
		// Release evidence (scoring/release/): absent = no (or unknown, as `coverage` says).
		prerelease: present,
		provenance: present,
		trustedPublisher,
		approver: shape.string(),
		installScripts: shape.recordOf(shape.string()),
		lateFile: shape.objectOf(
			{filename: shape.string(), uploaded: shape.isoTime()},
			{withoutProvenance: present},
		),
	},
);

/** Which release facts a registry reports (`ReleaseCoverage`). */
const releaseCoverage: shape.Schema = shape.objectOf(
	{},
	{provenance: present, trustedPublishing: present, installScripts: present},
);

/** A project the registry has marked (`ProjectStatus`). */
const projectStatus: shape.Schema = shape.objectOf({
	state: shape.oneOf(['archived', 'quarantined', 'deprecated', 'security-holding']),
	reason: shape.nullable(shape.string()),
});

/**
 * Version 2: the release evidence of each version (provenance, trusted publisher, approver, install scripts,
 * pre-release), the registry's coverage of it and the project's status. A version-1 entry lacks them, and they
 * would read as "no": it is outdated, fetched again.
 * Version 3: the same value, its versions stored by column (cache/version-columns.ts). A commit-tui that knows
 * only rows then finds a newer entry outdated (a miss it fetches again), not damaged (dropped with a warning):
 * two versions sharing a cache, as a CI cache restored across upgrades does, never fight over it.
 * Version 4: PyPI's `lateFile` (a file added to a release long after it); a version-3 entry would read as "none".
 * Version 5: npm's `removed` versions (published, then removed); a version-4 entry would read as "none".
 * Version 6: the same value, its versions' dependencies stored as text until read (cache/version-columns.ts); a
 * commit-tui that knows only a table of them finds a newer entry outdated, as with version 3.
 */
export const packageMetadataSchema = shape.versioned(
	6,
	shape.objectOf(
		{
			ecosystem: shape.string(),
			name: shape.string(),
			publishers: shape.nullable(
				shape.arrayOf(shape.objectOf({name: shape.string(), role: shape.nullable(shape.string())})),
			),
			organization: shape.nullable(shape.string()),
			latestVersion: shape.nullable(shape.string()),
			versions: shape.arrayOf(versionFacts),
			firstPublished: shape.nullable(shape.isoTime()),
			lastPublished: shape.nullable(shape.isoTime()),
			repository: shape.nullable(shape.string()),
			unpublished: shape.boolean(),
		},
		{
			problems: shape.arrayOf(shape.string()),
			coverage: releaseCoverage,
			status: projectStatus,
			removed: shape.arrayOf(
				shape.objectOf({version: shape.string(), published: shape.nullable(shape.isoTime())}),
			),
		},
	),
);

const dailyRows = shape.arrayOf(shape.objectOf({day: shape.day(), downloads: shape.count()}));

/**
 * Daily rows: a plain list of `{day, downloads}`, or a typed series (daily-series.ts), whose days are epoch days
 * by construction and whose counts are checked here without making a row object per day.
 */
const daily: shape.Schema = {
	expected: dailyRows.expected,
	check(value) {
		const data = Array.isArray(value) ? seriesData(value) : undefined;
		if (!data) return dailyRows.check(value);
		const {counts} = data;
		if (counts instanceof Float64Array) {
			for (let index = 0; index < counts.length; index++)
				if (!(Number.isSafeInteger(counts[index]) && counts[index]! >= 0))
					return `[${index}].downloads: expected a whole number ≥ 0`;
		}

		return null;
	},
};

export const downloadHistorySchema = shape.versioned(1, shape.objectOf({daily, weekly: shape.count()}));

/** One dependency a version declares (`DeclaredDependency` in ecosystems/types.ts). */
const declaredDependency: shape.Schema = shape.objectOf(
	{
		name: shape.string(),
		range: shape.string(),
		kind: shape.oneOf(['prod', 'dev', 'optional', 'peer']),
		text: shape.string(),
	},
	{
		extras: shape.arrayOf(shape.string()),
		marker: shape.string(),
		source: shape.oneOf(['registry', 'workspace', 'link', 'file', 'git', 'url']),
		alias: shape.string(),
	},
);

/**
 * What a per-version dependency request's parser produces (`DependencyList`: PyPI core metadata and the JSON
 * API of one version, crates.io's dependencies of one version). Cached for good, so checked like any other.
 */
export const dependencyListSchema = shape.versioned(
	1,
	shape.objectOf({dependencies: shape.arrayOf(declaredDependency)}, {caveat: shape.string()}),
);
