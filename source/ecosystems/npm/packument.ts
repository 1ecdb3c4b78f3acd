import type {Readable} from 'node:stream';
import semver from 'semver';
import {HttpFailure} from '../../registries/http.js';
import {JsonPicker, JsonSyntaxError, type JsonValueType} from '../../registries/json-pick.js';
import {
	boundedName,
	boundedText,
	countedProblem,
	maxNameLength,
	registryTimestamp,
} from '../../registries/registry-values.js';
import type {
	PackageMetadata,
	PublisherAccount,
	RemovedVersion,
	VersionDependencies,
	VersionFacts,
} from '../../registries/types.js';
import {sortByPublication} from '../../registries/versions.js';
import {isRecord} from '../../util/records.js';

/**
 * npm registry: the full packument → `PackageMetadata`. Only the full document has `maintainers`, `time`,
 * `repository` and per-version `_npmUser`, so we cannot use the small "corgi" form; instead the document is
 * streamed and only those fields are kept (see json-pick.ts).
 */

/** `{registry}{name}`, scoped names as `@scope%2fname` (what the registry expects). */
export function packumentUrl(registry: string, name: string): string {
	// What the npm CLI sends: the slash of a scoped name escaped, lower-case (`@babel%2fcore`).
	return `${registry}${encodeURIComponent(name).replace(/^%40/, '@').replace('%2F', '%2f')}`;
}

/** The scope of a package name (`@babel/core` → `@babel`), or null. */
export function npmScope(name: string): string | null {
	return name.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')) : null;
}

/** The few fields of a packument we keep, as they arrive. */
type PackumentParts = {
	name?: unknown;
	maintainers?: unknown;
	time?: unknown;
	distTags?: unknown;
	repository?: unknown;
	/** Keys of `versions` whose value is a manifest (an object), in document order. */
	versionKeys: string[];
	/** Keys of `versions` whose value is not an object: listed, but with nothing to read. */
	junkVersionKeys: string[];
	/** What `versions` is, when it is there. */
	versionsType?: JsonValueType;
	npmUser: Map<string, unknown>;
	deprecated: Map<string, unknown>;
	/** Version → its dependency fields as picked (`dependencies`, `optionalDependencies`, …). */
	dependencyFields: Map<string, Record<string, unknown>>;
	/** Version → `scripts`, `gypfile` and `dist.attestations`, as picked. */
	releaseFields: Map<string, {scripts?: unknown; gypfile?: unknown; attestations?: unknown}>;
	sawVersions: boolean;
};

const topLevelKeys = new Set(['name', 'maintainers', 'time', 'dist-tags', 'repository']);
const dependencyKeys = new Set([
	'dependencies',
	'optionalDependencies',
	'peerDependencies',
	'peerDependenciesMeta',
]);
const releaseKeys = new Set(['scripts', 'gypfile']);
const versionKeys = new Set(['_npmUser', 'deprecated', ...dependencyKeys, ...releaseKeys]);

/** What npm runs on install: https://docs.npmjs.com/cli/using-npm/scripts#npm-install */
const installScriptNames = ['preinstall', 'install', 'postinstall'] as const;

/** An install command longer than this is cut (obfuscated one-liners): enough to see what it runs. */
const maxScriptLength = 300;

/** The version npm publishes in place of a package it took down as malicious. */
export const securityHoldingVersion = '0.0.1-security';

/** Streams a packument body and extracts its metadata; never holds the whole document. */
export async function readPackument(
	body: Readable,
	requestedName: string,
	now: Date = new Date(),
): Promise<PackageMetadata> {
	const parts: PackumentParts = {
		versionKeys: [],
		junkVersionKeys: [],
		npmUser: new Map(),
		deprecated: new Map(),
		dependencyFields: new Map(),
		releaseFields: new Map(),
		sawVersions: false,
	};
	const picker = new JsonPicker({
		// Depth 4 for `versions.<v>.dist.attestations`: the rest of `dist` (tarball, integrity, signatures) is skipped.
		maxDepth: 4,
		wanted(path) {
			if (path.length === 1) {
				if (path[0] !== 'versions') return topLevelKeys.has(path[0]!);
				parts.sawVersions = true;
				return 'type';
			}

			if (path[0] !== 'versions') return false;
			// Each key of `versions` is a version, whatever its manifest holds (a mirror may strip `version`).
			if (path.length === 2) return 'type';
			if (path.length === 3) return versionKeys.has(path[2]!);
			return path.length === 4 && path[2] === 'dist' && path[3] === 'attestations';
		},
		onType(path, type) {
			if (path.length === 1) parts.versionsType = type;
			// A key longer than semver allows is no version (and would be kept whole in every report).
			else if (type === 'object' && path[1]!.length <= maxNameLength) parts.versionKeys.push(path[1]!);
			else parts.junkVersionKeys.push(boundedName(path[1]!));
		},
		onValue(path, value) {
			if (path.length === 1) {
				const key = path[0] === 'dist-tags' ? 'distTags' : (path[0] as 'name');
				parts[key] = value;
				return;
			}

			const version = path[1]!;
			if (path[2] === '_npmUser') parts.npmUser.set(version, value);
			else if (path[2] === 'deprecated') parts.deprecated.set(version, value);
			else if (path[2] === 'dist' || releaseKeys.has(path[2]!)) {
				let fields = parts.releaseFields.get(version);
				if (!fields) parts.releaseFields.set(version, (fields = {}));
				if (path[2] === 'dist') fields.attestations = value;
				else if (path[2] === 'scripts') fields.scripts = value;
				else fields.gypfile = value;
			} else {
				let fields = parts.dependencyFields.get(version);
				if (!fields) parts.dependencyFields.set(version, (fields = {}));
				fields[path[2]!] = value;
			}
		},
	});
	try {
		for await (const chunk of body) picker.write(chunk as Buffer);
		picker.end();
	} catch (error) {
		if (error instanceof HttpFailure) throw error;
		// A body cut short by the network surfaces as a stream error: keep its code for the retry logic.
		if (error && typeof error === 'object' && 'code' in error) throw error;
		throw new HttpFailure('invalid', jsonFailure(error));
	}

	if (parts.name === undefined && parts.time === undefined && !parts.sawVersions) {
		// Valid JSON but not a packument (an error object, a proxy's login page turned JSON…).
		throw new HttpFailure('invalid', 'not a packument');
	}

	// A packument of another name (a proxy that routes wrong, a poisoned mirror): its publishers, releases and
	// scripts are not this package's, and scored as if they were they would vouch for it. npm names are exact.
	if (typeof parts.name === 'string' && parts.name !== requestedName)
		throw new HttpFailure('invalid', `the packument is for ${JSON.stringify(parts.name.slice(0, 100))}`);

	// Read as no versions at all, every release in `time` would look removed from the registry.
	if (parts.sawVersions && parts.versionsType !== 'object')
		throw new HttpFailure('invalid', 'versions is not an object');
	// Every entry junk (`{"1.0.0": null}`): no release is readable, which is not "no versions" (releases 0/20).
	if (parts.versionKeys.length === 0 && parts.junkVersionKeys.length > 0)
		throw new HttpFailure(
			'invalid',
			`versions has ${countedProblem(parts.junkVersionKeys.length, 'entry', 'entries')} and none is a manifest`,
		);

	return packumentToMetadata(parts, requestedName, now);
}

/** Why a body is not a packument's JSON, in words that group across a tree (no byte offsets). */
function jsonFailure(error: unknown): string {
	// A proxy's login or error page, a captive portal: HTML where JSON was asked for.
	if (error instanceof JsonSyntaxError)
		return error.leading && error.byte === 0x3c ? 'not JSON (an HTML page)' : 'invalid JSON';
	return error instanceof Error && /truncated/.test(error.message) ? 'truncated JSON' : 'invalid JSON';
}

function packumentToMetadata(parts: PackumentParts, requestedName: string, now: Date): PackageMetadata {
	const problems: string[] = [];
	const time = timeOf(parts.time, problems);
	const unpublished = isRecord(time.unpublished);
	// Version keys come from `versions`: each key whose value is a manifest. Versions only in `time` were
	// unpublished and are left out. When a mirror dropped `versions` entirely, the `time` keys are the best we have.
	const seen = new Set(parts.versionKeys);
	const keys = new Set(parts.versionKeys);
	if (parts.junkVersionKeys.length > 0)
		problems.push(
			`versions has ${countedProblem(parts.junkVersionKeys.length, 'entry that is', 'entries that are')} not a manifest; left out`,
		);
	if (!parts.sawVersions && !unpublished) {
		for (const key of Object.keys(time))
			if (!['created', 'modified', 'unpublished'].includes(key)) keys.add(key);
	}

	const dates = versionDates(time, keys, now, problems);
	const versions: VersionFacts[] = [...keys].map((version) => ({
		version,
		published: dates.get(version) ?? null,
		publishedBy: accountName(parts.npmUser.get(version)),
		deprecated: deprecationOf(parts.deprecated.get(version)),
		yanked: false,
		yankedReason: null,
		// A version known only from `time` (a mirror dropped `versions`) has no manifest to say.
		dependencies: seen.has(version) ? versionDependencies(parts.dependencyFields.get(version)) : null,
		...releaseFacts(version, parts.npmUser.get(version), parts.releaseFields.get(version)),
	}));
	sortByPublication(versions);

	const known = versions.map((v) => v.published).filter((d): d is string => d !== null);
	const created = createdOf(time, now, problems);
	const firstVersion = known[0] ?? null;
	const firstPublished = [created, firstVersion].filter((d): d is string => d !== null).sort()[0] ?? null;
	const latestVersion = latestOf(parts.distTags, problems);
	// A version listed in `versions`, even with a manifest that cannot be read, is still served: never removed.
	const listed = new Set([...keys, ...parts.junkVersionKeys]);
	const removed = parts.sawVersions || unpublished ? removedVersions(time, listed, unpublished, now) : [];

	return {
		ecosystem: 'npm',
		name: typeof parts.name === 'string' ? parts.name : requestedName,
		publishers: publishersOf(parts.maintainers, problems),
		organization: null,
		latestVersion,
		versions,
		firstPublished: versions.length > 0 || unpublished ? firstPublished : created,
		// `versions` is sorted by publication, unknown times last, so the last known date is the latest.
		lastPublished: known.at(-1) ?? null,
		repository: repositoryUrl(parts.repository),
		unpublished,
		...(removed.length > 0 ? {removed} : {}),
		// The full packument carries all three for every version that has them.
		coverage: {provenance: true, trustedPublishing: true, installScripts: true},
		...(isSecurityHolding(versions, latestVersion)
			? {
					status: {
						state: 'security-holding' as const,
						reason: 'npm took the package down and published 0.0.1-security in its place',
					},
				}
			: {}),
		...(problems.length > 0 ? {problems} : {}),
	};
}

/**
 * Versions published and then removed: npm keeps a removed version's time in `time` (and a fully unpublished
 * package's in `time.unpublished.versions`) but drops it from `versions`. Removing is its publisher's right for 72
 * hours (and later only for packages nobody depends on), and npm's when it takes a malicious release down: a lockfile
 * that still locks one installs it from a cache, or not at all. Only when `versions` was there to compare with (a
 * mirror that dropped it has every time key as a version). O(time keys); a time that is not a date is null.
 */
function removedVersions(
	time: Record<string, unknown>,
	listed: ReadonlySet<string>,
	unpublished: boolean,
	now: Date,
): RemovedVersion[] {
	const removed = new Map<string, string | null>();
	const consider = (version: string) => {
		if (listed.has(version) || removed.has(version) || !semver.valid(version)) return;
		const date = registryTimestamp(time[version], now);
		removed.set(version, date === 'malformed' ? null : date);
	};

	for (const key of Object.keys(time))
		if (!['created', 'modified', 'unpublished'].includes(key)) consider(key);
	const gone = unpublished && isRecord(time.unpublished) ? time.unpublished.versions : undefined;
	if (Array.isArray(gone)) for (const version of gone) if (typeof version === 'string') consider(version);
	return [...removed].map(([version, published]) => ({version, published}));
}

/**
 * npm's security holding: the package was removed as malicious and `0.0.1-security` published in its place
 * (`_npmUser` "npm", no maintainers). It is then the latest, usually the only, version.
 */
function isSecurityHolding(versions: readonly VersionFacts[], latest: string | null): boolean {
	const holding = versions.some((version) => version.version === securityHoldingVersion);
	return holding && (latest === securityHoldingVersion || versions.length === 1);
}

/**
 * The release evidence of one version, compactly: only the keys that say something (most versions of most
 * packages have no install script, no approver, and older ones no provenance).
 */
function releaseFacts(
	version: string,
	npmUser: unknown,
	fields: {scripts?: unknown; gypfile?: unknown; attestations?: unknown} | undefined,
): Partial<VersionFacts> {
	const facts: {
		prerelease?: true;
		provenance?: true;
		trustedPublisher?: VersionFacts['trustedPublisher'];
		approver?: string;
		installScripts?: Record<string, string>;
	} = {};
	if (semver.prerelease(version)) facts.prerelease = true;
	// `dist.attestations.provenance` is what pnpm's trust policy checks; `url` alone is the publish attestation.
	if (isRecord(fields?.attestations) && isRecord(fields.attestations.provenance)) facts.provenance = true;
	if (isRecord(npmUser)) {
		const trusted = npmUser.trustedPublisher;
		if (isRecord(trusted)) {
			facts.trustedPublisher = {
				provider: nonEmpty(trusted.id),
				identity: nonEmpty(trusted.oidcConfigId),
			};
		}

		const approver = accountName(npmUser.approver);
		if (approver) facts.approver = approver;
	}

	const scripts = installScripts(fields?.scripts, fields?.gypfile === true);
	if (scripts) facts.installScripts = scripts;
	return facts;
}

/**
 * `preinstall`/`install`/`postinstall`, and npm's implicit `install: node-gyp rebuild` for a package with a
 * `binding.gyp` (`gypfile: true`) that has neither an install nor a preinstall script of its own.
 */
function installScripts(value: unknown, gypfile: boolean): Record<string, string> | null {
	const scripts = isRecord(value) ? value : {};
	const result: Record<string, string> = {};
	for (const name of installScriptNames) {
		const command = scripts[name];
		if (typeof command === 'string' && command.trim() !== '')
			result[name] = command.length > maxScriptLength ? `${command.slice(0, maxScriptLength)}…` : command;
	}

	if (gypfile && result.install === undefined && result.preinstall === undefined)
		result.install = 'node-gyp rebuild';
	return Object.keys(result).length > 0 ? result : null;
}

function nonEmpty(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? boundedName(value) : null;
}

/** `time`, or an empty one (with a problem when it was there but not an object). */
function timeOf(value: unknown, problems: string[]): Record<string, unknown> {
	if (value === undefined) return {};
	if (isRecord(value)) return value;
	problems.push('time is not an object; release dates unknown');
	return {};
}

/** Each version's publication date; one that is not a date, or lies in the future, is unknown and counted. */
function versionDates(
	time: Record<string, unknown>,
	versions: ReadonlySet<string>,
	now: Date,
	problems: string[],
): Map<string, string | null> {
	const dates = new Map<string, string | null>();
	let malformed = 0;
	for (const version of versions) {
		const date = registryTimestamp(time[version], now);
		if (date === 'malformed') malformed += 1;
		dates.set(version, date === 'malformed' ? null : date);
	}

	if (malformed > 0)
		problems.push(
			`${countedProblem(malformed, 'release date is', 'release dates are')} not a valid date or in the future; read as unknown`,
		);
	return dates;
}

function createdOf(time: Record<string, unknown>, now: Date, problems: string[]): string | null {
	const created = registryTimestamp(time.created, now);
	if (created !== 'malformed') return created;
	problems.push('time.created is not a valid date or in the future; read as unknown');
	return null;
}

/** `dist-tags.latest`; null (with a problem) when the tags are not an object or latest is not a string. */
function latestOf(value: unknown, problems: string[]): string | null {
	if (value === undefined) return null;
	if (!isRecord(value)) {
		problems.push('dist-tags is not an object; latest version unknown');
		return null;
	}

	const latest = value.latest;
	if (latest === undefined) return null;
	if (typeof latest === 'string' && latest !== '') return boundedName(latest);
	problems.push('dist-tags.latest is not a version; latest version unknown');
	return null;
}

/**
 * The accounts that can publish. Absent (a mirror stripped it) → unknown. Present but not a list, or a list
 * with entries that are not accounts → unknown too, with the reason: counting only the readable entries would
 * give a number that looks like data (0 or 1 publishers is what makes a package critical).
 */
function publishersOf(value: unknown, problems: string[]): PublisherAccount[] | null {
	if (value === undefined) return null;
	if (!Array.isArray(value)) {
		problems.push('maintainers is not a list; publishers unknown');
		return null;
	}

	const names = new Set<string>();
	let junk = 0;
	for (const item of value) {
		const name = accountName(item);
		if (name) names.add(name);
		else junk += 1;
	}

	if (junk > 0) {
		problems.push(
			`maintainers has ${countedProblem(junk, 'entry that is', 'entries that are')} not an account; publishers unknown`,
		);
		return null;
	}

	return [...names].map((name) => ({name, role: null}));
}

/** `{name, email}`, or the old string form `"name <email>"`. */
function accountName(value: unknown): string | null {
	if (isRecord(value) && typeof value.name === 'string' && value.name !== '') return boundedName(value.name);
	if (typeof value === 'string') {
		// Cut first: the pattern below is linear, but a 20 MB string is not worth reading for a name.
		const name = boundedName(value, maxNameLength * 4)
			.replace(/<[^>]*>|\([^)]*\)/g, '')
			.trim();
		return name === '' ? null : boundedName(name);
	}

	return null;
}

/**
 * A version's dependency fields → `VersionDependencies`. Every manifest lists `dependencies` when it has any,
 * so a version seen without dependency fields depends on nothing (`{prod: {}}`). Only string ranges are kept.
 */
function versionDependencies(fields: Record<string, unknown> | undefined): VersionDependencies {
	const ranges = (value: unknown): Record<string, string> | undefined => {
		if (!isRecord(value)) return undefined;
		const result: Record<string, string> = {};
		for (const [name, range] of Object.entries(value))
			if (typeof range === 'string') result[boundedName(name)] = boundedText(range, maxRangeLength);
		return Object.keys(result).length > 0 ? result : undefined;
	};
	const meta = isRecord(fields?.peerDependenciesMeta) ? fields.peerDependenciesMeta : {};
	const peerOptional = Object.entries(meta)
		.filter(([, flags]) => isRecord(flags) && flags.optional === true)
		.map(([name]) => name);
	const optional = ranges(fields?.optionalDependencies);
	const peer = ranges(fields?.peerDependencies);
	return {
		prod: ranges(fields?.dependencies) ?? {},
		...(optional ? {optional} : {}),
		...(peer ? {peer} : {}),
		...(peerOptional.length > 0 ? {peerOptional} : {}),
	};
}

function deprecationOf(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? boundedText(value) : null;
}

/** A dependency's range: real ones are short (`^1.2.3 || ^2`); a cut one reads as an invalid range. */
const maxRangeLength = 1024;

/** Longest repository URL kept: an identity (account-burst compares them), so cut with a hash. */
const maxRepositoryLength = 2048;

function repositoryUrl(value: unknown): string | null {
	const raw = isRecord(value) ? value.url : value;
	if (typeof raw !== 'string' || raw.trim() === '') return null;
	return boundedName(raw.trim().replace(/^git\+/, ''), maxRepositoryLength);
}
