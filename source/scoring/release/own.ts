import {tarballHost} from '../../graph/tarball-hosts.js';
import type {
	LateFile,
	PackageFacts,
	PackageMetadata,
	RemovedVersion,
	VersionDependencies,
	VersionFacts,
} from '../../registries/types.js';
import {daysSince, formatAgo, formatDate, formatDuration, formatElapsed, plural} from '../../text/format.js';
import {sanitizeText} from '../../text/sanitize.js';
import type {Thresholds} from '../thresholds.js';
import type {RiskFlag} from '../types.js';
import {compromiseWording} from './compromise-words.js';
import {describePublisher, describePublisherKey, publisherKey} from './identity.js';
import {describeRung, rungStrength, trustRung} from './trust.js';
import type {InstallScript, ReleaseFlagId, ReleaseReport} from './types.js';
import {
	burstAround,
	earlierBursts,
	earlierPositions,
	earlierSilences,
	habit,
	lastBefore,
	positionOf,
	previousInLine,
	timelineOf,
	timeOf,
	type VersionTimeline,
} from './versions.js';

/**
 * The release evidence a package's own facts give (everything but what needs the rest of the tree): the
 * locked version against the versions before it, the project's status, who else can publish. Pure; each check
 * is one pass over the package's versions (read from its timeline, versions.ts), so a package costs O(versions);
 * what depends on the name alone (its latest version's publisher, its dormant accounts) is judged once per
 * metadata object, not once per locked version.
 */

/** Everything about the locked release except the verdict (risk, reason, counted), which `levels.ts` gives. */
export type ReleaseDetails = Omit<
	ReleaseReport,
	'risk' | 'reason' | 'evidence' | 'counted' | 'advisories' | 'advisoriesError'
>;

export type OwnRelease = {
	readonly details: ReleaseDetails;
	/** Release-side flags, `counted` not yet decided. */
	readonly flags: RiskFlag[];
};

const dayMs = 86_400_000;

export function ownReleaseEvidence(
	facts: PackageFacts | null,
	thresholds: Thresholds,
	now: Date,
): OwnRelease {
	const metadata = facts?.metadata ?? null;
	const locked = facts?.locked ?? null;
	const flags: RiskFlag[] = [];
	const add = (id: ReleaseFlagId, message: string, short: string) =>
		flags.push({id, message: sanitizeText(message), side: 'release', short: sanitizeText(short)});

	if (metadata?.status) statusFlags(metadata, add);
	if (facts) foreignTarball(facts, add);
	if (locked) compromiseNotice(locked, add);
	const timeline = metadata && locked ? timelineOf(metadata) : null;
	const at = timeline && locked ? positionOf(timeline, locked) : -1;
	const earlier = timeline && locked ? earlierPositions(timeline, locked, at) : [];
	const previousAt = timeline && locked ? previousInLine(timeline, earlier, locked, at) : -1;
	const previous = timeline && previousAt >= 0 ? timeline.versions[previousAt]! : null;
	const details = detailsOf(facts, locked, metadata, previous, now, timeline, at);
	if (!facts || !metadata || !locked || !timeline) {
		const removed = facts && !locked ? removedEntry(facts) : null;
		if (removed) removedVersion(removed, thresholds, now, add);
		else if (facts && !locked) lockfileCooldown(facts, thresholds, now, add);
		return {details, flags};
	}

	const version = locked.version;
	const ageMs = timeOf(locked, timeline, at);
	const elapsed = Number.isNaN(ageMs) ? null : now.getTime() - ageMs;
	// From the time the timeline parsed already.
	if (elapsed !== null && daysSince(ageMs, now)! < thresholds.cooldownDays) {
		publishedCooldown(version, elapsed, thresholds, add);
	} else lateFileCooldown(locked.version, locked.lateFile, ageMs, thresholds, now, add);

	installScriptAdded(metadata, locked, previous, add);
	provenanceDropped(metadata, locked, timeline, earlier, now, add);
	trustedPublisherChanged(locked, previous, add);
	const newPublisher = newPublisherOf(timeline, at >= 0 ? timeline.keys[at]! : publisherKey(locked), earlier);
	if (newPublisher) {
		add(
			'new-publisher',
			`${version} was published by ${newPublisher.who}, who published no earlier version (${newPublisher.before})`,
			`published by ${newPublisher.who}, new to the package`,
		);
	}

	releaseBurst(timeline, locked, at, thresholds, add);
	dormantReturn(timeline, locked, at, thresholds, add);
	const latest = latestNotice(metadata, timeline);
	if (latest && latest.entry !== locked) add('latest-new-publisher', latest.message, latest.short);
	const dormant = dormantNotice(metadata, thresholds, now);
	if (dormant) add('dormant-publisher', dormant.message, dormant.short);
	return {details, flags};
}

/**
 * The lockfile installs the package from a host the rest of it does not use, or from another package's tarball
 * (graph/tarball-hosts.ts marks it). A host alone is cleared when the package's registry entry came from that
 * very host (a private registry for its scope); a scoped package whose entry is not known (offline, cold) is given
 * the benefit of the doubt for the same reason. Another package's tarball is never cleared: no registry serves
 * lodash@4.17.21 as `evil-1.0.0.tgz`, or as `lodash-4.17.20.tgz`.
 */
function foreignTarball(facts: PackageFacts, add: Add): void {
	const foreign = facts.lockfileForeignTarball;
	if (!foreign) return;
	const host = tarballHost(foreign.url);
	if (foreign.tarballOf) {
		add(
			'foreign-tarball',
			`the lockfile installs ${facts.lockedVersion} from a tarball of ${foreign.tarballOf} (${foreign.url})`,
			`installed from ${foreign.tarballOf}`,
		);
		return;
	}

	if (host !== null && foreign.index) {
		add(
			'foreign-tarball',
			`the lockfile installs ${facts.lockedVersion} from ${host} (${foreign.url}), though it says the package came from ${foreign.index}, which serves every file from ${foreign.usualHost}`,
			`installed from ${host}`,
		);
		return;
	}

	const entryUrl = facts.origins.metadata?.url;
	const entryHost = entryUrl ? tarballHost(entryUrl) : null;
	if (host === null || entryHost === host || (entryHost === null && facts.name.startsWith('@'))) return;
	add(
		'foreign-tarball',
		`the lockfile installs ${facts.lockedVersion} from ${host} (${foreign.url}), not from ${foreign.usualHost}, where its other packages${entryHost ? ' and its registry entry' : ''} come from`,
		`installed from ${host}`,
	);
}

/**
 * An old release with a young file (PyPI lets files be added to a release at any time): what installs on the
 * file's platform is as new as the file, so the cooldown runs from its upload. `pip install name==1.2.0` takes a
 * wheel uploaded with a stolen token today over the sdist of two years ago.
 */
function lateFileCooldown(
	version: string,
	late: LateFile | undefined,
	publishedMs: number,
	thresholds: Thresholds,
	now: Date,
	add: Add,
	fromLockfile = false,
): void {
	const uploaded = late ? Date.parse(late.uploaded) : Number.NaN;
	if (!late || Number.isNaN(uploaded) || daysSince(uploaded, now)! >= thresholds.cooldownDays) return;
	const elapsed = formatElapsed(Math.max(0, now.getTime() - uploaded));
	const published = Number.isNaN(publishedMs) ? '' : ` ${formatAgo(daysSince(publishedMs, now))}`;
	const recorded = fromLockfile ? ', as the lockfile records it' : '';
	const unknown = fromLockfile ? `; ${registryFactsUnknown}` : '';
	add(
		'cooldown',
		`${version} was published${published}, but its file ${late.filename} was uploaded ${elapsed} ago${recorded}: a file added to an old release (cooldown ${thresholds.cooldownDays} days${unknown})`,
		`file added ${elapsed} ago`,
	);
}

/** A version published `elapsedMs` ago, inside the cooldown. */
function publishedCooldown(version: string, elapsedMs: number, thresholds: Thresholds, add: Add): void {
	add(
		'cooldown',
		`${version} was published ${formatElapsed(elapsedMs)} ago (cooldown ${thresholds.cooldownDays} days)`,
		`${formatElapsed(elapsedMs)} old`,
	);
}

const registryFactsUnknown = "the registry's facts of it are not known";

/**
 * Without the registry's facts of the locked version (offline, the index down), the times the lockfile records for
 * its uploads (uv.lock, pylock.toml) still say how young it is, and whether a file was added to it later: the one
 * piece of release evidence the lockfile alone can give, besides an install script.
 */
function lockfileCooldown(facts: PackageFacts, thresholds: Thresholds, now: Date, add: Add): void {
	const uploaded = facts.lockfilePublished ? Date.parse(facts.lockfilePublished) : Number.NaN;
	if (!Number.isNaN(uploaded) && daysSince(uploaded, now)! < thresholds.cooldownDays) {
		const elapsed = formatElapsed(Math.max(0, now.getTime() - uploaded));
		add(
			'cooldown',
			`${facts.lockedVersion} was uploaded ${elapsed} ago, as the lockfile records it (cooldown ${thresholds.cooldownDays} days; ${registryFactsUnknown})`,
			`${elapsed} old`,
		);
	} else lateFileCooldown(facts.lockedVersion, facts.lockfileLateFile, uploaded, thresholds, now, add, true);
}

/**
 * When a locked version the registry does not list was published: npm's time of it when npm removed it, else the
 * lockfile's record of its first upload (uv.lock, pylock.toml); null when neither says.
 */
export function unlistedPublished(facts: PackageFacts | null): string | null {
	if (!facts) return null;
	return removedEntry(facts)?.published ?? facts.lockfilePublished ?? null;
}

/** The registry's record of the locked version as removed (npm), or null. O(removed versions). */
export function removedEntry(facts: PackageFacts): RemovedVersion | null {
	const removed = facts.metadata?.removed;
	return removed?.find((entry) => entry.version === facts.lockedVersion) ?? null;
}

/**
 * The registry lists the locked version as published but no longer serves it. Whoever removed it — its publisher
 * within npm's 72 hours, or npm taking a malicious release down, as it did the chalk/debug versions of 2025 — a
 * lockfile that still locks it installs it from a cache (a CI cache, a laptop's), or not at all. Its publication
 * time stays, so its cooldown is known too.
 */
function removedVersion(removed: RemovedVersion, thresholds: Thresholds, now: Date, add: Add): void {
	const published = removed.published ? Date.parse(removed.published) : Number.NaN;
	const elapsed = Number.isNaN(published) ? null : formatElapsed(Math.max(0, now.getTime() - published));
	add(
		'removed-version',
		`${removed.version} is no longer in the registry: published ${elapsed === null ? 'at an unknown time' : `${elapsed} ago`}, then removed, by its publisher or by the registry (as malicious releases are); an install takes it only from a cache`,
		'removed from the registry',
	);
	if (elapsed !== null && daysSince(published, now)! < thresholds.cooldownDays)
		publishedCooldown(removed.version, Math.max(0, now.getTime() - published), thresholds, add);
}

/**
 * The locked version's deprecation message or yank reason says it was compromised: the maintainers' own warning
 * (compromise-words.ts). Quoted, shortened, since it is the registry's untrusted text.
 */
function compromiseNotice(locked: VersionFacts, add: Add): void {
	const notices = [
		{how: 'deprecated', text: locked.deprecated},
		{how: 'yanked', text: locked.yanked ? locked.yankedReason : null},
	];
	for (const {how, text: raw} of notices) {
		// Read as shown: colour codes around a word would hide it from the word boundaries.
		const text = raw ? sanitizeText(raw) : raw;
		const wording = compromiseWording(text);
		if (!wording || !text) continue;
		const quoted = text.length > 160 ? `${text.slice(0, 157)}…` : text;
		add(
			'compromise-notice',
			`${locked.version} is ${how} with a message that speaks of an attack (“${wording}”): "${quoted}"`,
			`${how}, saying “${wording}”`,
		);
		return;
	}
}

/** A flag's texts, before sanitising (`add` does it). */
type Notice = {readonly message: string; readonly short: string};

type Add = (id: ReleaseFlagId, message: string, short: string) => void;

function statusFlags(metadata: PackageMetadata, add: Add): void {
	const status = metadata.status!;
	const because = status.reason ? `: ${status.reason}` : '';
	if (status.state === 'security-holding') {
		add(
			'security-holding',
			`npm replaced ${metadata.name} with its 0.0.1-security placeholder: the package was taken down as malicious`,
			'taken down by npm as malicious (security holding)',
		);
	} else if (status.state === 'quarantined') {
		add(
			'quarantined',
			`the registry quarantined ${metadata.name} (under review as malicious)${because}`,
			'quarantined by the registry',
		);
	} else if (status.state === 'archived') {
		add('archived', `${metadata.name} is archived: no more releases are expected${because}`, 'archived');
	}
}

function detailsOf(
	facts: PackageFacts | null,
	locked: VersionFacts | null,
	metadata: PackageMetadata | null,
	previous: VersionFacts | null,
	now: Date,
	timeline: VersionTimeline | null,
	at: number,
): ReleaseDetails {
	const coverage = metadata?.coverage;
	// Without the registry's entry for it, the lockfile's upload time (uv.lock, pylock.toml) when it has one.
	const published = locked ? locked.published : unlistedPublished(facts);
	const time = locked
		? timeOf(locked, timeline ?? undefined, at)
		: published
			? Date.parse(published)
			: Number.NaN;
	return {
		version: locked?.version ?? facts?.lockedVersion ?? '',
		publishedAt: published,
		ageDays: Number.isNaN(time) ? null : Math.round(((now.getTime() - time) / dayMs) * 1000) / 1000,
		publisher: locked?.publishedBy ?? null,
		trustedPublisher: locked?.trustedPublisher ?? null,
		approver: locked?.approver ?? null,
		provenance: locked?.provenance ? true : locked && coverage?.provenance ? false : null,
		trust: locked ? trustRung(locked, coverage) : null,
		installScripts: scriptsOf(
			locked,
			coverage?.installScripts === true,
			facts?.lockfileInstallScript === true,
		),
		previous: previous ? {version: previous.version, publishedAt: previous.published} : null,
		addedDependencies:
			locked && previous ? addedDependencies(locked.dependencies, previous.dependencies) : null,
	};
}

/** The registry's scripts, or the lockfile's bare "there is one" (which counts even offline). */
function scriptsOf(locked: VersionFacts | null, covered: boolean, lockfile: boolean): InstallScript[] | null {
	const scripts: InstallScript[] = Object.entries(locked?.installScripts ?? {}).map(([name, command]) => ({
		name,
		command,
	}));
	if (scripts.length === 0 && lockfile) scripts.push({name: 'hasInstallScript', command: null});
	if (scripts.length === 0 && !(locked && covered)) return null;
	return scripts;
}

/** What a version installs: prod, optional and (required) peer dependencies, by name. */
function installedNames(dependencies: VersionDependencies): Set<string> {
	const names = new Set<string>();
	for (const name in dependencies.prod) names.add(name);
	if (dependencies.optional) for (const name in dependencies.optional) names.add(name);
	if (dependencies.peer) {
		const optionalPeers = dependencies.peerOptional ?? [];
		for (const name in dependencies.peer) if (!optionalPeers.includes(name)) names.add(name);
	}

	return names;
}

/** Names the locked version depends on that the previous one did not; null when either side is unknown. */
export function addedDependencies(
	locked: VersionDependencies | null | undefined,
	previous: VersionDependencies | null | undefined,
): string[] | null {
	if (!locked || !previous) return null;
	const before = installedNames(previous);
	const added: string[] = [];
	for (const name of installedNames(locked)) if (!before.has(name)) added.push(name);
	return added.sort();
}

function installScriptAdded(
	metadata: PackageMetadata,
	locked: VersionFacts,
	previous: VersionFacts | null,
	add: Add,
): void {
	if (!previous || !metadata.coverage?.installScripts || !locked.installScripts) return;
	const before = previous.installScripts ?? {};
	const added = Object.keys(locked.installScripts).filter((name) => before[name] === undefined);
	if (added.length === 0) return;
	const scripts = added.map((name) => `${name} script (${locked.installScripts![name]})`).join(' and ');
	add(
		'install-script-added',
		`${locked.version} adds a ${scripts} that ${previous.version} did not have`,
		`adds a ${added.join(' and ')} script`,
	);
}

function provenanceDropped(
	metadata: PackageMetadata,
	locked: VersionFacts,
	timeline: VersionTimeline,
	earlier: readonly number[],
	now: Date,
	add: Add,
): void {
	// PyPI: a file added to the release later, without the provenance its other files have (not from their CI).
	const late = locked.lateFile;
	if (late?.withoutProvenance) {
		add(
			'provenance-dropped',
			`${locked.version}'s file ${late.filename}, added ${formatAgo(daysSince(late.uploaded, now))}, has no provenance, while the release's other files do`,
			'a file added without provenance',
		);
		return;
	}

	const coverage = metadata.coverage;
	const rung = trustRung(locked, coverage);
	if (rung === null) return;
	// The strongest rung any earlier version reached, and the latest version that reached it.
	let best: VersionFacts | null = null;
	let bestStrength = rungStrength(rung);
	for (const index of earlier) {
		const version = timeline.versions[index]!;
		const strength = rungStrength(trustRung(version, coverage)!);
		if (strength > bestStrength || (best !== null && strength === bestStrength)) {
			best = version;
			bestStrength = strength;
		}
	}

	if (!best) return;
	const had = trustRung(best, coverage)!;
	add(
		'provenance-dropped',
		`${locked.version} has ${describeRung(rung, coverage)}; earlier versions had ${describeRung(had, coverage)} (${best.version}, the latest of them)`,
		`drops the ${describeRung(had, coverage)} earlier versions had`,
	);
}

function trustedPublisherChanged(locked: VersionFacts, previous: VersionFacts | null, add: Add): void {
	const now = locked.trustedPublisher?.identity;
	const before = previous?.trustedPublisher?.identity;
	if (!now || !before || now === before) return;
	add(
		'trusted-publisher-changed',
		`${locked.version} was published by trusted publisher ${now}; ${previous!.version} by ${before}`,
		'published from another trusted-publisher configuration',
	);
}

/**
 * The locked version's publisher when no earlier version came from it: an account compared with the accounts
 * and configurations before it; a trusted-publisher configuration only once earlier versions used trusted
 * publishing (the first move to trusted publishing is a step up, not a stranger). Null when nothing is known
 * to compare.
 */
function newPublisherOf(
	timeline: VersionTimeline,
	key: string | null,
	earlier: readonly number[],
): {readonly who: string; readonly before: string} | null {
	if (key === null) return null;
	const trusted = key.startsWith('tp:');
	const keys = new Set<string>();
	let last: VersionFacts | null = null;
	for (const index of earlier) {
		const candidateKey = timeline.keys[index]!;
		if (candidateKey === null) continue;
		if (trusted && !candidateKey.startsWith('tp:')) continue;
		keys.add(candidateKey);
		last = timeline.versions[index]!;
	}

	if (keys.size === 0 || keys.has(key)) return null;
	const names = [...keys].slice(0, 3).map(describePublisherKey).join(', ');
	const more = keys.size > 3 ? ` and ${keys.size - 3} more` : '';
	return {
		who: describePublisherKey(key),
		before: `earlier versions by ${names}${more}; the last ${last!.version} by ${describePublisher(last!)}`,
	};
}

function releaseBurst(
	timeline: VersionTimeline,
	locked: VersionFacts,
	at: number,
	thresholds: Thresholds,
	add: Add,
): void {
	const burst = burstAround(timeline, locked, at, thresholds.releaseBurstHours);
	if (burst.length < thresholds.releaseBurstVersions) return;
	const burstStart = timeOf(burst[0]!, timeline, timeline.versions.indexOf(burst[0]!));
	const routine = earlierBursts(timeline, locked, burstStart, {
		hours: thresholds.releaseBurstHours,
		versions: thresholds.releaseBurstVersions,
		lookbackMs: habit.lookbackMs,
		enough: habit.times,
	});
	// A package that burst like this twice in the year before is doing what it always does.
	if (routine >= habit.times) return;
	const shown = burst.slice(0, 6).map((version) => version.version);
	const more = burst.length > shown.length ? ` and ${burst.length - shown.length} more` : '';
	add(
		'release-burst',
		`${burst.length} versions within ${thresholds.releaseBurstHours} hours around ${locked.version}: ${shown.join(', ')}${more}`,
		`${burst.length} versions in ${thresholds.releaseBurstHours} h`,
	);
}

function dormantReturn(
	timeline: VersionTimeline,
	locked: VersionFacts,
	at: number,
	thresholds: Thresholds,
	add: Add,
): void {
	const beforeAt = lastBefore(timeline, locked, at);
	if (beforeAt < 0) return;
	// A date the registry sent malformed (unknown now) may lie inside the silence: it is not known to be one.
	if (undatedOther(timeline, locked) && timeline.problems > 0) return;
	const before = timeline.versions[beforeAt]!;
	const gapDays = (timeOf(locked, timeline, at) - timeline.times[beforeAt]!) / dayMs;
	if (gapDays < thresholds.dormantReturnDays) return;
	// Silences half as long as this one, or longer, twice before: the package's rhythm, not an awakening.
	const habitDays = Math.max(thresholds.dormantReturnDays, gapDays / 2);
	if (earlierSilences(timeline, timeline.times[beforeAt]! + 1, habitDays, habit.times) >= habit.times) return;
	add(
		'dormant-return',
		`${locked.version} is the first release after ${formatDuration(Math.floor(gapDays))} of silence (the one before: ${before.version}, ${formatDate(before.published)})`,
		`first release in ${formatDuration(Math.floor(gapDays))}`,
	);
}

/** Whether a version other than `locked` has no known publication time. */
function undatedOther(timeline: VersionTimeline, locked: VersionFacts): boolean {
	for (let index = 0; index < timeline.versions.length; index++)
		if (timeline.versions[index] !== locked && Number.isNaN(timeline.times[index]!)) return true;
	return false;
}

/** Per metadata object: its latest version's new-publisher notice (the name's, whichever version is locked). */
const latestNotices = new WeakMap<PackageMetadata, (Notice & {readonly entry: VersionFacts}) | null>();

/** Today's `new-publisher` check, on the latest version: a warning about upgrading, never counted. */
function latestNotice(
	metadata: PackageMetadata,
	timeline: VersionTimeline,
): (Notice & {readonly entry: VersionFacts}) | null {
	let notice = latestNotices.get(metadata);
	if (notice === undefined) {
		notice = null;
		const at = metadata.versions.findIndex((version) => version.version === metadata.latestVersion);
		const latest = at >= 0 ? metadata.versions[at]! : null;
		const found = latest
			? newPublisherOf(timeline, timeline.keys[at]!, earlierPositions(timeline, latest, at))
			: null;
		if (latest && found)
			notice = {
				entry: latest,
				message: `latest ${latest.version} was published by ${found.who}, who published no earlier version (${found.before})`,
				short: `latest ${latest.version} by a new publisher`,
			};
		latestNotices.set(metadata, notice);
	}

	return notice;
}

/**
 * Per metadata object, the last dormant-publisher verdict and what it was judged against (`now` and the
 * threshold): a run judges every locked version of a name at the same `now`.
 */
const dormantNotices = new WeakMap<
	PackageMetadata,
	{readonly now: number; readonly days: number; readonly notice: Notice | null}
>();

/**
 * Accounts that can publish but have not for longer than `dormantPublisherDays` (or never did, on a package
 * older than that): an unused credential is an easy one to steal. Only where the registry says who published
 * each version. One pass over the versions, then one lookup per account; once per metadata object and `now`.
 */
function dormantNotice(metadata: PackageMetadata, thresholds: Thresholds, now: Date): Notice | null {
	const days = thresholds.dormantPublisherDays;
	const known = dormantNotices.get(metadata);
	if (known && known.now === now.getTime() && known.days === days) return known.notice;
	const notice = dormantPublishers(metadata, days, now);
	dormantNotices.set(metadata, {now: now.getTime(), days, notice});
	return notice;
}

function dormantPublishers(metadata: PackageMetadata, dormantDays: number, now: Date): Notice | null {
	if (!metadata.publishers || metadata.publishers.length === 0) return null;
	const timeline = timelineOf(metadata);
	const lastBy = new Map<string, number>();
	/** Accounts with a version of unknown date: when they last published is unknown, so they are not judged. */
	const undated = new Set<string>();
	let anyKnown = false;
	for (let index = 0; index < metadata.versions.length; index++) {
		const by = metadata.versions[index]!.publishedBy;
		if (!by) continue;
		anyKnown = true;
		if (Number.isNaN(timeline.times[index]!)) {
			undated.add(by);
			continue;
		}
		const known = lastBy.get(by);
		if (known === undefined || timeline.times[index]! > timeline.times[known]!) lastBy.set(by, index);
	}

	const first = metadata.firstPublished ? daysSince(metadata.firstPublished, now) : null;
	if (!anyKnown || first === null || first <= dormantDays) return null;
	const dormant: string[] = [];
	// A version whose publisher is unknown (before the registry recorded them, or sent malformed) may be any
	// account's: "never published" is then not known.
	const unattributed = metadata.versions.some((version) => !version.publishedBy && !version.trustedPublisher);
	for (const account of metadata.publishers) {
		if (undated.has(account.name)) continue;
		const at = lastBy.get(account.name);
		if (at === undefined && unattributed) continue;
		const last = at === undefined ? null : metadata.versions[at]!;
		const days = at === undefined ? null : daysSince(timeline.times[at]!, now);
		if (last && days !== null && days <= dormantDays) continue;
		dormant.push(
			last
				? `${account.name} (last published ${last.version}, ${formatAgo(days)})`
				: `${account.name} (never published a version)`,
		);
	}

	if (dormant.length === 0) return null;
	const shown = dormant.slice(0, 3).join(', ');
	const more = dormant.length > 3 ? ` and ${dormant.length - 3} more` : '';
	return {
		message: `${dormant.length} ${plural(dormant.length, 'account')} can still publish but ${dormant.length === 1 ? 'has' : 'have'} not for over ${formatDuration(dormantDays)}: ${shown}${more}`,
		short: `${dormant.length} dormant ${plural(dormant.length, 'publisher')}`,
	};
}
