import * as shape from '../cache/schema.js';
import {HttpFailure} from '../registries/http.js';
import {boundedName, boundedText} from '../registries/registry-values.js';
import {isRecord} from '../util/records.js';
import {cvss3BaseScore, ratingOf} from './cvss.js';
import type {Advisory, AdvisorySeverity} from './types.js';

/**
 * OSV records (https://ossf.github.io/osv-schema/): `GET {osv}v1/vulns/<id>`, and each JSON file of an
 * ecosystem export (`all.zip`). Kept compact — what the cache holds and the lookup needs: ids, summary,
 * severity, withdrawn, and per affected package its versions and ranges.
 */

export type OsvEvent = {
	readonly introduced?: string;
	readonly fixed?: string;
	readonly lastAffected?: string;
};

export type OsvAffected = {
	readonly ecosystem: string;
	readonly name: string;
	/** Explicitly listed affected versions. */
	readonly versions: readonly string[];
	/** SEMVER and ECOSYSTEM ranges (GIT ranges name commits, not versions: left out). */
	readonly ranges: ReadonlyArray<readonly OsvEvent[]>;
};

export type OsvRecord = {
	readonly id: string;
	readonly aliases: readonly string[];
	readonly summary: string | null;
	readonly modified: string | null;
	readonly withdrawn: boolean;
	readonly severity: AdvisorySeverity | null;
	readonly score: number | null;
	readonly url: string | null;
	readonly affected: readonly OsvAffected[];
};

const maxSummary = 300;

/** The cache schema of `OsvRecord` (a `vulns/<id>` answer; bump the version when its shape changes). */
export const osvRecordSchema = shape.versioned(
	1,
	shape.objectOf({
		id: shape.string(),
		aliases: shape.arrayOf(shape.string()),
		summary: shape.nullable(shape.string()),
		modified: shape.nullable(shape.string()),
		withdrawn: shape.boolean(),
		severity: shape.nullable(shape.oneOf(['critical', 'high', 'moderate', 'low'])),
		score: shape.nullable(shape.number()),
		url: shape.nullable(shape.string()),
		affected: shape.arrayOf(
			shape.objectOf({
				ecosystem: shape.string(),
				name: shape.string(),
				versions: shape.arrayOf(shape.string()),
				ranges: shape.arrayOf(
					shape.arrayOf(
						shape.objectOf(
							{},
							{introduced: shape.string(), fixed: shape.string(), lastAffected: shape.string()},
						),
					),
				),
			}),
		),
	}),
);

/** An OSV record → `OsvRecord`; anything that is not one (no `id`) → `HttpFailure('invalid')`. */
export function parseOsvRecord(body: unknown): OsvRecord {
	if (!isRecord(body) || typeof body.id !== 'string' || body.id === '')
		throw new HttpFailure('invalid', 'invalid OSV record');
	const summary = text(body.summary) ?? firstLine(text(body.details));
	const {severity, score} = severityOf(body);
	return {
		id: boundedName(body.id),
		aliases: strings(body.aliases).map((alias) => boundedName(alias)),
		summary: summary && summary.length > maxSummary ? `${summary.slice(0, maxSummary)}…` : summary,
		modified: identity(body.modified),
		withdrawn: text(body.withdrawn) !== null,
		severity,
		score,
		url: referenceOf(body.references),
		affected: (Array.isArray(body.affected) ? body.affected : []).flatMap(affectedOf),
	};
}

/** A malicious-package report: an OpenSSF `MAL-` id, or an alias of one. */
export function isMalicious(record: Pick<OsvRecord, 'id' | 'aliases'>): boolean {
	return record.id.startsWith('MAL-') || record.aliases.some((alias) => alias.startsWith('MAL-'));
}

/** The record as it concerns one package: its fixed-in versions for that package. */
export function advisoryFor(record: OsvRecord, matches: (affected: OsvAffected) => boolean): Advisory {
	const fixed = new Set<string>();
	for (const affected of record.affected) {
		if (!matches(affected)) continue;
		for (const range of affected.ranges) for (const event of range) if (event.fixed) fixed.add(event.fixed);
	}

	return {
		id: record.id,
		aliases: record.aliases,
		summary: record.summary,
		severity: record.severity,
		score: record.score,
		fixed: [...fixed],
		malicious: isMalicious(record),
		modified: record.modified,
		url: record.url,
	};
}

/**
 * Whether `version` is affected by one affected entry, per the OSV schema's evaluation: listed in `versions`, or
 * inside a range — walking the events in version order, `introduced` (≤ version) turns it on, `fixed` (≤
 * version) and `last_affected` (< version) turn it off. `introduced: "0"` is the start of time. Versions the
 * ecosystem cannot order (`compare` returns null) are skipped, never guessed.
 */
export function affectsVersion(
	affected: OsvAffected,
	version: string,
	compare: (a: string, b: string) => number | null,
): boolean {
	if (affected.versions.some((listed) => listed === version || compare(listed, version) === 0)) return true;
	return affected.ranges.some((events) => inRange(events, version, compare));
}

function inRange(
	events: readonly OsvEvent[],
	version: string,
	compare: (a: string, b: string) => number | null,
): boolean {
	const order = (event: OsvEvent): string => event.introduced ?? event.fixed ?? event.lastAffected ?? '';
	const isStart = (value: string) => value === '0' || value === '0.0.0-0';
	const sorted = [...events].sort((a, b) => {
		const x = order(a);
		const y = order(b);
		if (isStart(x)) return -1;
		if (isStart(y)) return 1;
		return compare(x, y) ?? 0;
	});
	let affected = false;
	for (const event of sorted) {
		if (event.introduced !== undefined) {
			// "0" is the start of time: every version is at or after it.
			const at = isStart(event.introduced) ? 1 : compare(version, event.introduced);
			if (at !== null && at >= 0) affected = true;
		} else if (event.fixed !== undefined) {
			const at = compare(version, event.fixed);
			if (at !== null && at >= 0) affected = false;
		} else if (event.lastAffected !== undefined) {
			const at = compare(version, event.lastAffected);
			if (at !== null && at > 0) affected = false;
		}
	}

	return affected;
}

function affectedOf(value: unknown): OsvAffected[] {
	if (!isRecord(value) || !isRecord(value.package)) return [];
	const ecosystem = identity(value.package.ecosystem);
	const name = identity(value.package.name);
	if (!ecosystem || !name) return [];
	const ranges: OsvEvent[][] = [];
	for (const range of Array.isArray(value.ranges) ? value.ranges : []) {
		if (!isRecord(range) || (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM')) continue;
		const events: OsvEvent[] = [];
		for (const event of Array.isArray(range.events) ? range.events : []) {
			if (!isRecord(event)) continue;
			const introduced = identity(event.introduced);
			const fixed = identity(event.fixed);
			const lastAffected = identity(event.last_affected);
			if (introduced) events.push({introduced});
			else if (fixed) events.push({fixed});
			else if (lastAffected) events.push({lastAffected});
		}

		if (events.length > 0) ranges.push(events);
	}

	return [
		{ecosystem, name, versions: strings(value.versions).map((version) => boundedName(version)), ranges},
	];
}

const levels: Readonly<Record<string, AdvisorySeverity>> = {
	CRITICAL: 'critical',
	HIGH: 'high',
	MODERATE: 'moderate',
	MEDIUM: 'moderate',
	LOW: 'low',
};

/** GitHub's `database_specific.severity` when given, else the rating of the first CVSS v3 vector. */
function severityOf(body: Record<string, unknown>): {
	severity: AdvisorySeverity | null;
	score: number | null;
} {
	let score: number | null = null;
	for (const entry of Array.isArray(body.severity) ? body.severity : []) {
		if (!isRecord(entry) || typeof entry.score !== 'string') continue;
		score = cvss3BaseScore(entry.score);
		if (score !== null) break;
	}

	const specific = isRecord(body.database_specific) ? body.database_specific : {};
	if (score === null && typeof specific.cvss === 'string') score = cvss3BaseScore(specific.cvss);
	const named = typeof specific.severity === 'string' ? levels[specific.severity.toUpperCase()] : undefined;
	return {severity: named ?? (score === null ? null : ratingOf(score)), score};
}

function referenceOf(value: unknown): string | null {
	const references = (Array.isArray(value) ? value : []).filter(
		(entry): entry is Record<string, unknown> => isRecord(entry) && typeof entry.url === 'string',
	);
	const advisory = references.find((entry) => entry.type === 'ADVISORY') ?? references[0];
	return advisory ? boundedText(advisory.url as string, maxUrlLength) : null;
}

const maxUrlLength = 2048;

/** An identity or a timestamp (an ecosystem, a package name, a version, `modified`): cut with a hash past 256. */
function identity(value: unknown): string | null {
	const found = text(value);
	return found === null ? null : boundedName(found);
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function firstLine(value: string | null): string | null {
	return value
		? (value
				.split('\n')
				.find((line) => line.trim() !== '')
				?.trim() ?? null)
		: null;
}

function strings(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
