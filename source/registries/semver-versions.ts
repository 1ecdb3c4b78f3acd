import semver from 'semver';
import type {VersionRules} from '../ecosystems/types.js';
import type {PackageMetadata} from './types.js';
import {exactVersion, publicationOrderBehind} from './versions.js';

/**
 * Version rules for registries whose versions are semver (npm, crates.io): exact lookups; "behind latest"
 * counts stable, non-yanked versions newer than the locked one and not newer than a stable latest (a
 * pre-release `latest` hides nothing, versions above a rolled-back `latest` do not count). A version that is
 * not semver falls back to publication order.
 */
export const semverVersionRules: VersionRules = {
	find: exactVersion,
	behindLatest(metadata, locked) {
		if (metadata.versions.length === 0) return null;
		const lockedVersion = precedenceOf(locked);
		if (!lockedVersion) return publicationOrderBehind(metadata, locked, (version) => !version.includes('-'));
		const {stable, latest} = stableVersionsOf(metadata);
		// Stable versions above the locked one, up to latest: two binary searches in the sorted list.
		const above = firstAbove(stable, lockedVersion);
		const upTo = latest ? firstAbove(stable, latest) : stable.length;
		return Math.max(0, upTo - above);
	},
	compare(a, b) {
		const left = semver.parse(a);
		const right = semver.parse(b);
		return left && right ? left.compare(right) : null;
	},
	satisfies(version, range) {
		if (semver.validRange(range) === null) return null;
		return semver.satisfies(version, range, {includePrerelease: true});
	},
};

/**
 * What orders a version against stable ones: its major, minor and patch, and whether it is a pre-release (which
 * sorts below the stable version of the same numbers). Build metadata does not count, as in semver.
 */
type Precedence = {
	readonly major: number;
	readonly minor: number;
	readonly patch: number;
	readonly prerelease: boolean;
};

/** A version's precedence; null when it is not semver (what `semver.parse` rejects). */
function precedenceOf(text: string): Precedence | null {
	const plain = plainPrecedence(text);
	if (plain) return plain;
	const parsed = semver.parse(text);
	return parsed
		? {
				major: parsed.major,
				minor: parsed.minor,
				patch: parsed.patch,
				prerelease: parsed.prerelease.length > 0,
			}
		: null;
}

/**
 * The common shape, read without the semver parser (or a regex: every version of the tree passes here once, and
 * a match is four strings): `1.2.3`, three numbers without leading zeros, nothing else. Null for anything else,
 * and for numbers past the safe integers, which semver refuses (the parser then says no).
 */
function plainPrecedence(text: string): Precedence | null {
	const numbers = [0, 0, 0];
	let part = 0;
	let digits = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x2e) {
			if (digits === 0 || part === 2) return null;
			part += 1;
			digits = 0;
			continue;
		}

		if (code < 0x30 || code > 0x39) return null;
		// No leading zero: `0` alone, or a number starting 1–9.
		if (digits === 1 && numbers[part] === 0) return null;
		numbers[part] = numbers[part]! * 10 + (code - 0x30);
		digits += 1;
	}

	if (part !== 2 || digits === 0) return null;
	const [major, minor, patch] = numbers as [number, number, number];
	if (major > Number.MAX_SAFE_INTEGER || minor > Number.MAX_SAFE_INTEGER || patch > Number.MAX_SAFE_INTEGER)
		return null;
	return {major, minor, patch, prerelease: false};
}

/** Semver order of a stable version against any version: negative when `stable` is lower. */
function compareToStable(stable: Precedence, other: Precedence): number {
	return (
		stable.major - other.major ||
		stable.minor - other.minor ||
		stable.patch - other.patch ||
		// The same numbers: a stable version is above their pre-releases.
		(other.prerelease ? 1 : 0)
	);
}

type StableVersions = {
	/** Stable, non-yanked versions that are semver, ascending. */
	readonly stable: readonly Precedence[];
	/** `latest` when it is a stable version, else null (then nothing above it is excluded). */
	readonly latest: Precedence | null;
};

/**
 * Every locked version of a name shares its metadata (a 28k-entry tree has several per name), so the versions are
 * read and sorted once per metadata object: O(v log v) once, then O(log v) per locked version. Most versions are
 * plain `major.minor.patch` and are read without the semver parser (a warm run reads every version of the tree).
 */
const stableByMetadata = new WeakMap<PackageMetadata, StableVersions>();

function stableVersionsOf(metadata: PackageMetadata): StableVersions {
	let known = stableByMetadata.get(metadata);
	if (!known) {
		const stable: Precedence[] = [];
		for (const entry of metadata.versions) {
			if (entry.yanked) continue;
			const version = precedenceOf(entry.version);
			if (version && !version.prerelease) stable.push(version);
		}

		stable.sort(compareToStable);
		const latest = metadata.latestVersion ? precedenceOf(metadata.latestVersion) : null;
		known = {stable, latest: latest && !latest.prerelease ? latest : null};
		stableByMetadata.set(metadata, known);
	}

	return known;
}

/** The index of the first version greater than `version` in an ascending list. */
function firstAbove(sorted: readonly Precedence[], version: Precedence): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (compareToStable(sorted[middle]!, version) <= 0) low = middle + 1;
		else high = middle;
	}

	return low;
}
