import type {ForeignTarball} from '../graph/tarball-hosts.js';
import type {Ecosystem} from '../graph/types.js';

/**
 * Facts about one package as the registries report them. Every field a registry does not give is
 * `null` (unknown) — never 0, never 1, never an empty list pretending to be data.
 */

export type PublisherAccount = {
	/** Account name (npm user, PyPI user). Untrusted text: sanitise before display. */
	readonly name: string;
	/** PyPI role ('Owner' | 'Maintainer'); null on npm, which has no roles. */
	readonly role: string | null;
};

export type VersionFacts = {
	readonly version: string;
	/** ISO timestamp of publication (PyPI: earliest file upload), null when unknown. */
	readonly published: string | null;
	/** Who published this version (npm `_npmUser.name`, crates.io `published_by`); null when unknown. */
	readonly publishedBy: string | null;
	/** npm deprecation message; null when not deprecated. */
	readonly deprecated: string | null;
	/** PyPI: every file of the release is yanked. Always false on npm. */
	readonly yanked: boolean;
	readonly yankedReason: string | null;
	/**
	 * What this version declares it depends on, as its registry document says (npm: the version's manifest).
	 * Absent or null when the document does not say (PyPI's per-name JSON, crates.io's crate document).
	 */
	readonly dependencies?: VersionDependencies | null;
	// Release evidence. Each key is present only when it says something (packuments have thousands of versions,
	// and these facts are cached and held for every package of the tree): absent = no, or unknown when
	// `PackageMetadata.coverage` says the registry does not report it.
	/** A pre-release (semver `1.0.0-rc.1`, PEP 440 `1.0rc1`, `1.0.dev0`). */
	readonly prerelease?: true;
	/** Published with a provenance attestation (npm `dist.attestations`, PyPI PEP 740 on any file). */
	readonly provenance?: true;
	/** Published through trusted publishing (OIDC from CI), with the configuration that did it. */
	readonly trustedPublisher?: TrustedPublisherFacts;
	/** npm staged publishing: the account that approved the release (approving needs 2FA). */
	readonly approver?: string;
	/** Scripts the package manager runs on install (`preinstall`, `install`, `postinstall`) → command. */
	readonly installScripts?: Readonly<Record<string, string>>;
	/**
	 * PyPI: the release's newest file, when it was uploaded more than a day after the first. PyPI lets files be
	 * added to a release at any time: a wheel for a new platform, or one uploaded with a stolen token to a release
	 * years old, which `pip install name==1.2.0` then installs on that platform.
	 */
	readonly lateFile?: LateFile;
};

/** A version the registry removed (`PackageMetadata.removed`). */
export type RemovedVersion = {
	readonly version: string;
	/** ISO time of its publication; null when the registry's time for it is not a date. */
	readonly published: string | null;
};

/** A file added to a release long after its first (`VersionFacts.lateFile`). Untrusted text: sanitise it. */
export type LateFile = {
	readonly filename: string;
	/** ISO time of its upload. */
	readonly uploaded: string;
	/** The release's other files have a PEP 740 provenance and this one has none (from the simple index). */
	readonly withoutProvenance?: true;
};

/** How a version was published through trusted publishing. Untrusted text: sanitise before display. */
export type TrustedPublisherFacts = {
	/** `github`, `gitlab`, …; null when the registry did not say. */
	readonly provider: string | null;
	/**
	 * What identifies the publishing configuration: npm's `oidcConfigId` (the `_npmUser` name, "GitHub
	 * Actions", is the same for every package), crates.io's source repository. Null when unknown.
	 */
	readonly identity: string | null;
};

/** Which per-version release facts a registry reports, so that an absent key means "no", not "unknown". */
export type ReleaseCoverage = {
	readonly provenance?: true;
	readonly trustedPublishing?: true;
	readonly installScripts?: true;
};

/**
 * A project the registry has marked: PyPI's PEP 792 status (archived, quarantined — under review as
 * malicious —, deprecated), npm's security holding (a package taken down as malicious and replaced by
 * `0.0.1-security`).
 */
export type ProjectStatus = {
	readonly state: 'archived' | 'quarantined' | 'deprecated' | 'security-holding';
	/** The registry's reason, when it gives one. Untrusted text. */
	readonly reason: string | null;
};

/** A version's declared dependencies: name → range, per kind (as in package.json). */
export type VersionDependencies = {
	readonly prod: Readonly<Record<string, string>>;
	readonly optional?: Readonly<Record<string, string>>;
	readonly peer?: Readonly<Record<string, string>>;
	/** Peer names marked optional (`peerDependenciesMeta[name].optional`). */
	readonly peerOptional?: readonly string[];
};

export type DailyDownloads = {
	/** UTC day, `YYYY-MM-DD`. */
	readonly day: string;
	readonly downloads: number;
};

export type FactOrigin = {
	/** The URL the fact came from (no credentials). */
	readonly url: string;
	/** ISO timestamp of when it was fetched (from the cache: when it was originally fetched). */
	readonly fetchedAt: string;
	/** True when served from the on-disk cache without a request. */
	readonly fromCache: boolean;
};

/** Per-name metadata (one packument / one PyPI JSON document), version-independent. */
export type PackageMetadata = {
	readonly ecosystem: Ecosystem;
	readonly name: string;
	/** Accounts that can publish now; null when the registry does not say (mirror stripped it, old PyPI). */
	readonly publishers: PublisherAccount[] | null;
	/** PyPI organization owning the project; null when none or unknown. */
	readonly organization: string | null;
	/** `dist-tags.latest` on npm, `info.version` on PyPI. */
	readonly latestVersion: string | null;
	/** Every known version, sorted by publication time, oldest first (unknown times last). */
	readonly versions: VersionFacts[];
	/** Earliest version publication (npm: `time.created` if earlier). */
	readonly firstPublished: string | null;
	/** Latest version publication (not `time.modified`, which moves on any metadata change). */
	readonly lastPublished: string | null;
	readonly repository: string | null;
	/** npm: the package was fully unpublished; PyPI: no releases with files. */
	readonly unpublished: boolean;
	/**
	 * npm: versions published and then removed (their time stays in the packument, they leave `versions`), with
	 * their publication time. Absent when none, or when the registry does not say (PyPI and crates.io forget a
	 * deleted release).
	 */
	readonly removed?: readonly RemovedVersion[];
	/** Which release facts the versions carry (absent: none of them is known). */
	readonly coverage?: ReleaseCoverage;
	/** Absent when the project is active (or the registry does not say). */
	readonly status?: ProjectStatus;
	/**
	 * Fields the registry sent in a shape that cannot be trusted, each read as unknown ("maintainers has entries
	 * that are not accounts; publishers unknown"). They become the package's errors, so a malformed field is
	 * never scored as if it were data. Absent when there were none.
	 */
	readonly problems?: readonly string[];
};

export type DownloadHistory = {
	/**
	 * Daily downloads, oldest first, without gaps (missing days are 0 only if the API reported 0). From a parser
	 * or the cache this is a read-only array backed by typed arrays (registries/daily-series.ts).
	 */
	readonly daily: readonly DailyDownloads[];
	/** Sum of the last 7 days of data. */
	readonly weekly: number;
};

/** Everything scoring and the UI need for one package node (name + locked version). */
export type PackageFacts = {
	readonly ecosystem: Ecosystem;
	readonly name: string;
	readonly lockedVersion: string;
	/**
	 * True for a package whose version commit-tui could not resolve (`lockedVersion` is a placeholder): there is
	 * no version to judge, only the name.
	 */
	readonly unresolved?: boolean;
	/** Null when the metadata request failed or was not made (offline with a cold cache). */
	readonly metadata: PackageMetadata | null;
	/** The locked version's entry in `metadata.versions`; null when unknown (or not in the registry). */
	readonly locked: VersionFacts | null;
	/** Stable versions newer than the locked one, up to latest (the ecosystem's order); null when unknown. */
	readonly behindLatest: number | null;
	/** Null when the downloads request failed or was not made. */
	readonly downloads: DownloadHistory | null;
	readonly origins: {readonly metadata: FactOrigin | null; readonly downloads: FactOrigin | null};
	/** The lockfile marks an install script for this package (npm v2/v3 and bun `hasInstallScript`). */
	readonly lockfileInstallScript?: true;
	/**
	 * The locked version's first upload, as the lockfile records it (uv.lock, pylock.toml): an ISO time, used when
	 * the registry's own is not known (offline, the index down).
	 */
	readonly lockfilePublished?: string;
	/**
	 * The locked version's newest file, when the lockfile records its upload more than a day after the first
	 * (uv.lock, pylock.toml): used, like `lockfilePublished`, when the registry's facts are not known.
	 */
	readonly lockfileLateFile?: LateFile;
	/**
	 * The lockfile installs it from a host other than the one most of its packages come from, or from another
	 * package's tarball (see graph/tarball-hosts.ts): the URL, that usual host, and what the URL is a tarball of.
	 */
	readonly lockfileForeignTarball?: ForeignTarball;
	/** Ecosystem-specific facts only that ecosystem's code reads (see `AssembledFacts.extras`). */
	readonly extras?: Readonly<Record<string, unknown>>;
	/** Short reasons for what is missing, e.g. 'metadata: HTTP 404 not found', 'downloads: offline'. */
	readonly errors: string[];
};
