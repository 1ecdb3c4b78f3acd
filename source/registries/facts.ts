import type {EcosystemModule, FactSection} from '../ecosystems/types.js';
import type {ForeignTarball} from '../graph/tarball-hosts.js';
import {unresolvedVersion} from '../graph/types.js';
import type {FactOrigin, LateFile, PackageFacts} from './types.js';

/** One request's outcome for one name: the value (null = unknown), where it came from, why it is missing. */
export type Settled<T> = {
	readonly value: T | null;
	readonly origin: FactOrigin | null;
	/** Already prefixed with its section: 'metadata: HTTP 500', 'downloads: timeout'. */
	readonly error: string | null;
};

/** What a name's settled requests give every locked version of it: assembled once per name. */
export type NameAssembly = {
	readonly metadata: PackageFacts['metadata'];
	readonly downloads: PackageFacts['downloads'];
	readonly extras: PackageFacts['extras'];
	readonly errors: readonly string[];
	readonly origins: PackageFacts['origins'];
};

/** A name's facts from its settled requests (request kind → outcome), with the ecosystem's assembly. */
export function assembleName(
	ecosystem: EcosystemModule,
	settled: ReadonlyMap<string, Settled<unknown>>,
): NameAssembly {
	const values = new Map<string, unknown>();
	for (const [kind, outcome] of settled) values.set(kind, outcome.value);
	const {metadata, downloads, extras} = ecosystem.registry.assemble(values);
	const errors: string[] = [];
	for (const problem of metadata?.problems ?? []) errors.push(`metadata: ${problem}`);
	const origins: Record<FactSection, FactOrigin | null> = {metadata: null, downloads: null};
	for (const request of ecosystem.registry.requests) {
		const outcome = settled.get(request.kind);
		if (outcome?.error) errors.push(outcome.error);
		// The section's first request is its origin (the crate document, not its owners list).
		origins[request.section] ??= outcome?.origin ?? null;
	}

	return {metadata, downloads, extras, errors, origins};
}

/**
 * The facts of one graph package (name + locked version), from its name's settled requests (request kind →
 * outcome), or from the name's assembly when the caller keeps one for all its locked versions. Metadata is per
 * NAME and shared by every locked version of it; the locked version's entry and how far it is behind are looked
 * up here, with the ecosystem's version rules.
 */
export function buildPackageFacts(
	node: {
		readonly ecosystem: string;
		readonly name: string;
		readonly version: string;
		readonly hasInstallScript?: true;
		readonly published?: string;
		readonly lateFile?: LateFile;
		readonly foreignTarball?: ForeignTarball;
		readonly locked?: boolean;
	},
	ecosystem: EcosystemModule,
	settled: ReadonlyMap<string, Settled<unknown>>,
	assembled: NameAssembly = assembleName(ecosystem, settled),
): PackageFacts {
	const {metadata, downloads, extras} = assembled;
	// A placeholder commit-tui could not resolve has no version to look up: its name's facts still count.
	const unresolved = node.locked === false && node.version === unresolvedVersion;
	return {
		ecosystem: node.ecosystem,
		name: node.name,
		lockedVersion: node.version,
		...(unresolved ? {unresolved: true} : {}),
		metadata,
		locked: metadata && !unresolved ? ecosystem.versions.find(metadata.versions, node.version) : null,
		behindLatest: metadata && !unresolved ? ecosystem.versions.behindLatest(metadata, node.version) : null,
		downloads,
		origins: assembled.origins,
		errors: [...assembled.errors],
		// Known from the lockfile alone: it counts even offline, with nothing fetched.
		...(node.hasInstallScript ? {lockfileInstallScript: true as const} : {}),
		...(node.published ? {lockfilePublished: node.published} : {}),
		...(node.lateFile ? {lockfileLateFile: node.lateFile} : {}),
		...(node.foreignTarball ? {lockfileForeignTarball: node.foreignTarball} : {}),
		...(extras ? {extras} : {}),
	};
}
