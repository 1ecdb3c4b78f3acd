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
		const latest = stableLatestOf(metadata);
		// The stable versions as numbers, read once per name (every locked version of it shares them), then one
		// pass of comparisons per locked version: O(versions) each, without an object per version.
		const stable = stableNumbersOf(metadata);
		let behind = 0;
		for (let index = 0; index < stable.length; index += 3) {
			scratch.major = stable[index]!;
			scratch.minor = stable[index + 1]!;
			scratch.patch = stable[index + 2]!;
			if (compareToStable(scratch, lockedVersion) > 0 && (!latest || compareToStable(scratch, latest) <= 0))
				behind += 1;
		}

		return behind;
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
 * The common shape, read without the semver parser (or a regex: every version of the tree passes here, and a
 * match is four strings): `1.2.3`, three numbers without leading zeros, nothing else, written into `into`. False
 * for anything else, and for numbers past the safe integers, which semver refuses (the parser then says no).
 */
function readPlain(text: string, into: {major: number; minor: number; patch: number}): boolean {
	let major = 0;
	let minor = 0;
	let value = 0;
	let part = 0;
	let digits = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x2e) {
			if (digits === 0 || part === 2) return false;
			if (part === 0) major = value;
			else minor = value;
			part += 1;
			digits = 0;
			value = 0;
			continue;
		}

		if (code < 0x30 || code > 0x39) return false;
		// No leading zero: `0` alone, or a number starting 1–9.
		if (digits === 1 && value === 0) return false;
		value = value * 10 + (code - 0x30);
		digits += 1;
	}

	if (part !== 2 || digits === 0) return false;
	if (major > Number.MAX_SAFE_INTEGER || minor > Number.MAX_SAFE_INTEGER || value > Number.MAX_SAFE_INTEGER)
		return false;
	into.major = major;
	into.minor = minor;
	into.patch = value;
	return true;
}

/** Whether `text` starts with three dot-separated runs of digits followed by `-` (`15.0.0-canary.12`). */
function numbersThenHyphen(text: string): boolean {
	let index = 0;
	for (let part = 0; part < 3; part++) {
		const start = index;
		while (index < text.length && text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x39) index++;
		if (index === start) return false;
		const separator = text.charCodeAt(index);
		if (part < 2 ? separator !== 0x2e : separator !== 0x2d) return false;
		index++;
	}

	return true;
}

function plainPrecedence(text: string): Precedence | null {
	const precedence = {major: 0, minor: 0, patch: 0, prerelease: false};
	return readPlain(text, precedence) ? precedence : null;
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

/** `latest` when it is a stable semver version, else null (then nothing above it is excluded). */
function stableLatestOf(metadata: PackageMetadata): Precedence | null {
	const latest = metadata.latestVersion ? precedenceOf(metadata.latestVersion) : null;
	return latest && !latest.prerelease ? latest : null;
}

/** One stable version at a time, as `compareToStable` reads it (no object per version). */
const scratch = {major: 0, minor: 0, patch: 0, prerelease: false};

const stableNumbers = new WeakMap<PackageMetadata, Float64Array>();

/** The stable, non-yanked semver versions of a name as major, minor, patch triples, in the metadata's order. */
function stableNumbersOf(metadata: PackageMetadata): Float64Array {
	let numbers = stableNumbers.get(metadata);
	if (!numbers) {
		const all = new Float64Array(metadata.versions.length * 3);
		let length = 0;
		for (const entry of metadata.versions) {
			if (entry.yanked || !readStable(entry.version, scratch)) continue;
			all[length++] = scratch.major;
			all[length++] = scratch.minor;
			all[length++] = scratch.patch;
		}

		numbers = all.subarray(0, length);
		stableNumbers.set(metadata, numbers);
	}

	return numbers;
}

/**
 * Reads a stable semver version into `into`; false for a pre-release or a version that is not semver. Plain
 * `major.minor.patch` is read without the semver parser.
 */
function readStable(text: string, into: {major: number; minor: number; patch: number}): boolean {
	if (readPlain(text, into)) return true;
	// `1.2.3-…` is a pre-release when it is semver at all: not stable either way, without the parser (a packument's
	// canaries and betas are often most of its versions: next has thousands).
	if (numbersThenHyphen(text)) return false;
	const parsed = semver.parse(text);
	if (!parsed || parsed.prerelease.length > 0) return false;
	into.major = parsed.major;
	into.minor = parsed.minor;
	into.patch = parsed.patch;
	return true;
}
