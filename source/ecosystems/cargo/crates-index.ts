import * as shape from '../../cache/schema.js';
import {HttpFailure} from '../../registries/http.js';
import {boundedName, boundedText} from '../../registries/registry-values.js';
import type {VersionDependencies} from '../../registries/types.js';
import {isRecord} from '../../util/records.js';
import {crateNameKey, isValidCrateName} from './crates-io.js';

/**
 * crates.io's sparse index (`index.crates.io`): one file per crate, one JSON line per version with the
 * dependencies it declares (`deps`) and its features. It is what Cargo itself reads, served from a CDN outside
 * the API's one-request-a-second policy, so every version's dependencies come in one request — what tells a
 * locked version's new dependency from one its predecessor already had (`new-dependency`), as npm's packument
 * and PyPI's metadata do for theirs. Format: doc.rust-lang.org/cargo/reference/registry-index.html.
 */

/**
 * `{base}{prefix}/{name}` (base ends in '/', e.g. `https://index.crates.io/`), the name lowercased: `1/a`,
 * `2/ab`, `3/a/abc`, else the first two and the next two characters (`se/rd/serde`). Null for a name crates.io
 * could not hold (as `crateUrl`).
 */
export function crateIndexUrl(base: string, name: string): string | null {
	if (!isValidCrateName(name)) return null;
	const lower = name.toLowerCase();
	const prefix =
		lower.length <= 2
			? String(lower.length)
			: lower.length === 3
				? `3/${lower[0]}`
				: `${lower.slice(0, 2)}/${lower.slice(2, 4)}`;
	return `${base}${prefix}/${lower}`;
}

/** One version's dependencies as the index declares them. */
export type IndexedVersion = {
	readonly version: string;
	/** Normal and build dependencies that are not optional, by crate name (a renamed one under its real name). */
	readonly prod: Record<string, string>;
	/** Optional ones the `default` feature turns on (they are built unless a dependent opts out). */
	readonly optional?: Record<string, string>;
};

export type CrateIndex = {readonly versions: IndexedVersion[]};

// 2: lines of another crate, of an unknown schema, or conflicting duplicates are left out; requirements cut.
export const crateIndexSchema = shape.versioned(
	2,
	shape.objectOf({
		versions: shape.arrayOf(
			shape.objectOf(
				{version: shape.string(), prod: shape.recordOf(shape.string())},
				{optional: shape.recordOf(shape.string())},
			),
		),
	}),
);

/** Longest version requirement kept from an index line (real ones are a few characters). */
const maxRequirementLength = 256;

/** The newest index schema (`v`) Cargo reads: 2 added `features2`. Cargo skips a line of a later one. */
const maxIndexSchema = 2;

/**
 * The index file → every version's dependencies. Dev dependencies are left out (a dependent never builds them);
 * target-specific ones are kept (they are built on that target). A line that is not a version record is skipped,
 * and so is one for another crate (`name`, when `crateName` is given) or of a schema (`v`) later than Cargo's,
 * whose dependencies may mean something else; a version listed twice with different lines is dropped (which of
 * the two is true is unknown). Those versions' dependencies are then unknown, never "none" or a guess. A file
 * with no usable line at all (an HTML error page, another format) is `HttpFailure('invalid')`.
 */
export function parseCrateIndex(text: string, crateName?: string): CrateIndex {
	const byVersion = new Map<string, {line: string; version: IndexedVersion | null}>();
	let lines = 0;
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '') continue;
		lines += 1;
		let record: unknown;
		try {
			record = JSON.parse(line);
		} catch {
			continue;
		}

		if (!isIndexLine(record, crateName)) continue;
		const earlier = byVersion.get(record.vers);
		if (earlier === undefined) byVersion.set(record.vers, {line, version: indexedVersion(record)});
		else if (earlier.line !== line) earlier.version = null;
	}

	const versions: IndexedVersion[] = [];
	for (const {version} of byVersion.values()) if (version) versions.push(version);
	if (byVersion.size === 0 && lines > 0)
		throw new HttpFailure('invalid', 'invalid crates.io index file (no version records)');
	return {versions};
}

type IndexLine = Record<string, unknown> & {vers: string; deps: unknown[]};

function isIndexLine(record: unknown, crateName: string | undefined): record is IndexLine {
	if (!isRecord(record) || typeof record.vers !== 'string' || !Array.isArray(record.deps)) return false;
	if (
		record.v !== undefined &&
		!(typeof record.v === 'number' && record.v >= 1 && record.v <= maxIndexSchema)
	)
		return false;
	return (
		crateName === undefined ||
		(typeof record.name === 'string' && crateNameKey(record.name) === crateNameKey(crateName))
	);
}

function indexedVersion(record: IndexLine): IndexedVersion {
	const prod: Record<string, string> = {};
	const optionalByName = new Map<string, {crate: string; req: string}>();
	for (const dependency of record.deps) {
		if (!isRecord(dependency) || typeof dependency.name !== 'string' || dependency.kind === 'dev') continue;
		// `package` is the real crate when the dependency is renamed (`name` is then the alias in Cargo.toml).
		const crate = typeof dependency.package === 'string' ? dependency.package : dependency.name;
		if (!isValidCrateName(crate)) continue;
		// A requirement is a few characters (`^1.0`); one of megabytes would be kept in the cache and every report.
		const req = typeof dependency.req === 'string' ? boundedText(dependency.req, maxRequirementLength) : '*';
		if (dependency.optional === true) optionalByName.set(dependency.name, {crate, req});
		else prod[crate] ??= req;
	}

	const optional: Record<string, string> = {};
	for (const name of defaultOptionalDependencies(record, optionalByName)) {
		const {crate, req} = optionalByName.get(name)!;
		if (!(crate in prod)) optional[crate] ??= req;
	}

	return {version: boundedName(record.vers), prod, ...(Object.keys(optional).length > 0 ? {optional} : {})};
}

/**
 * The optional dependencies (by their name in the manifest) that the `default` feature enables, following
 * features that enable features: `dep:x` and `x` (an optional dependency's implicit feature) enable x,
 * `x/feature` enables x too, `x?/feature` does not (it only adds a feature if x is on for another reason).
 */
function defaultOptionalDependencies(
	record: Record<string, unknown>,
	optional: ReadonlyMap<string, unknown>,
): Set<string> {
	const features = new Map<string, string[]>();
	for (const table of [record.features, record.features2]) {
		if (!isRecord(table)) continue;
		for (const [feature, list] of Object.entries(table)) {
			if (!Array.isArray(list)) continue;
			const items = list.filter((item): item is string => typeof item === 'string');
			features.set(feature, [...(features.get(feature) ?? []), ...items]);
		}
	}

	const enabled = new Set<string>();
	const visited = new Set<string>();
	const pending = ['default'];
	while (pending.length > 0) {
		const feature = pending.pop()!;
		if (visited.has(feature)) continue;
		visited.add(feature);
		for (const item of features.get(feature) ?? []) {
			if (item.startsWith('dep:')) {
				enabled.add(item.slice(4));
			} else if (item.includes('/')) {
				const [target] = item.split('/');
				if (!target!.endsWith('?')) enabled.add(target!);
			} else if (features.has(item)) {
				pending.push(item);
			} else {
				enabled.add(item);
			}
		}
	}

	for (const name of enabled) if (!optional.has(name)) enabled.delete(name);
	return enabled;
}

/** Version → its dependencies, for `crateMetadata`. */
export function dependenciesByVersion(index: CrateIndex | null): Map<string, VersionDependencies> | null {
	if (!index) return null;
	return new Map(
		index.versions.map((entry) => [
			entry.version,
			{prod: entry.prod, ...(entry.optional ? {optional: entry.optional} : {})},
		]),
	);
}
