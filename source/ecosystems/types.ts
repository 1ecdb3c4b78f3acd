import type {Readable} from 'node:stream';
import type {VersionedSchema} from '../cache/schema.js';
import type {LockfileReader} from '../lockfiles/types.js';
import type {ResponseSize} from '../registries/response-limits.js';
import type {DownloadHistory, PackageMetadata, VersionFacts} from '../registries/types.js';
import type {Thresholds} from '../scoring/thresholds.js';
import type {ScoringTiers} from '../scoring/tiers.js';

/**
 * What an ecosystem (npm, PyPI, crates.io, …) tells the core. Each ecosystem is one folder under
 * `source/ecosystems/<id>/` exporting one `EcosystemModule`; `ecosystems/index.ts` lists them. Detection,
 * flags and help, endpoint resolution, settings descriptors, the scheduler's dispatch and report scopes are
 * generated from that list, so the core never asks "is this npm?".
 */
export type EcosystemModule = {
	/** Stable id: the prefix of package ids (`npm:express@4.21.2`), cache folders and JSON `ecosystem`. */
	readonly id: string;
	/** How people name it ('npm', 'PyPI', 'crates.io'). */
	readonly displayName: string;
	/** The ecosystem's name in OSV records ('npm', 'PyPI', 'crates.io'). */
	readonly osvName: string;
	/** Lockfile formats, in the order directory detection lists them. */
	readonly lockfiles: readonly LockfileFormatSpec[];
	/** Every base URL this ecosystem's requests go to. */
	readonly endpoints: readonly EndpointSpec[];
	/** Reads the ecosystem's own tool configuration (npm: `.npmrc`) for endpoint defaults, routes and tokens. */
	readonly configure?: (context: ConfigureContext) => EcosystemConfig;
	/** The requests made per package name, and how their answers become facts. */
	readonly registry: RegistryPlan;
	/** Canonical form of a name for comparison (PEP 503 on PyPI; identity where names are exact). */
	readonly normalizeName: (name: string) => string;
	/** Whether a name can be sent to the registry at all (a lockfile can name anything). */
	readonly isValidName: (name: string) => boolean;
	readonly versions: VersionRules;
	/** Weeks of download history the registry keeps (npm 52, pypistats 26, crates.io 13). */
	readonly historyWeeks: number;
	/** Scoring that differs from the defaults (crates.io's volumes are an order of magnitude smaller). */
	readonly scoring?: EcosystemScoring;
	/** The package's page on the public registry (for links in reports and the `o` key). */
	readonly packageUrl: (name: string, version: string) => string;
};

export type EcosystemScoring = {
	readonly tiers?: Partial<ScoringTiers>;
	readonly thresholds?: Partial<Thresholds>;
};

// ── Lockfiles ─────────────────────────────────────────────────────────────────────────────────────

export type LockfileFormatSpec = {
	/** Reader family id, unique across ecosystems ('npm', 'yarn', 'cargo'). */
	readonly kind: string;
	/** File names directory detection looks for. */
	readonly fileNames: readonly FileNamePattern[];
	/**
	 * Recognises the format from the text, for a file whose name says nothing (`--file lock.txt`). Sniffers
	 * run in ascending `sniffPriority` (default 50): exact signatures low, catch-alls (requirements) high.
	 */
	readonly sniff?: (text: string) => boolean;
	readonly sniffPriority?: number;
	/** Reads the file; absent for a format that is recognised only to be refused (`bun.lockb`). */
	readonly read?: LockfileReader;
	/** Why the format cannot be read, as an error for `displayPath` (thrown instead of reading). */
	readonly refuse?: (displayPath: string) => Error;
};

export type FileNamePattern = {
	/** As shown in "looked for …" messages: `package-lock.json`, `requirements*.txt`. */
	readonly display: string;
	readonly matches: (fileName: string) => boolean;
	/** File names that, present beside this one, make it ignored (npm reads npm-shrinkwrap.json first). */
	readonly ignoredBeside?: readonly string[];
};

// ── Endpoints ─────────────────────────────────────────────────────────────────────────────────────

export type EndpointSpec = {
	/** Key in `settings.endpoints` and in `ResolvedEndpoints.urls` ('npmRegistry', 'crates'). */
	readonly key: string;
	/** The flag, camelCase as meow spells it ('pypiUrl' → `--pypi-url`). */
	readonly flag: string;
	/** The environment variable ('COMMIT_TUI_PYPI_URL'). */
	readonly env: string;
	/** Used when nothing else says (ends with '/'). */
	readonly defaultUrl: string;
	/** What `--help` says after the default, when the default depends on the user's tool config. */
	readonly defaultNote?: string;
	/** Short label for the settings screen. */
	readonly label: string;
	/** One sentence for `--help` and the settings screen. */
	readonly description: string;
	/** The setting may be empty: the ecosystem's own config (or `defaultUrl`) applies. */
	readonly nullableSetting?: boolean;
	/** Requests per minute the public host allows (applies to `defaultUrl`'s host only). */
	readonly defaultRateLimit?: {readonly perMinute: number; readonly reason: string};
};

export type ConfigureContext = {
	readonly env: NodeJS.ProcessEnv;
	readonly projectDir: string | null;
	readonly homeDir: string | null;
};

export type EcosystemConfig = {
	/** Endpoint key → URL from the tool's config: below flags, env and settings, above `defaultUrl`. */
	readonly defaults?: Readonly<Record<string, string>>;
	/** Ecosystem-defined routes (npm: `@scope` → registry URL), read back by `RegistryPlan.baseFor`. */
	readonly routes?: Readonly<Record<string, string>>;
	/** `//host/path/` → bearer token; sent only to URLs under that prefix. */
	readonly authTokens?: Readonly<Record<string, string>>;
};

/** Where requests go, resolved once per run (flag › env › setting › tool config › default). */
export type ResolvedEndpoints = {
	/** Endpoint key → base URL ending with '/'. */
	readonly urls: Readonly<Record<string, string>>;
	/** Ecosystem id → its routes (see `EcosystemConfig.routes`). */
	readonly routes: Readonly<Record<string, Readonly<Record<string, string>>>>;
	/** `//host/path/` → token, from every ecosystem's config. */
	readonly authTokens: Readonly<Record<string, string>>;
	/** Endpoint key → the flag that sets it, for messages ('--pypi-url: not an http(s) URL'). */
	readonly flagOf?: Readonly<Record<string, string>>;
};

// ── Registry requests ─────────────────────────────────────────────────────────────────────────────

/** Which part of a package's facts a request feeds; also the prefix of its errors ('downloads: HTTP 500'). */
export type FactSection = 'metadata' | 'downloads';

/** How long a cached answer is trusted: the two lifetimes of `settings.cacheLifetimeHours`, or forever. */
export type CacheLifetime = 'metadata' | 'downloads' | 'immutable';

export type ParseContext = {
	/** The scan's clock (tests fix it). */
	readonly now: Date;
	/** The URL the body came from (to resolve relative links in it). */
	readonly url: string;
};

/** One request made per package name. Its parsed value is what the cache stores (small, JSON-safe). */
export type RequestSpec = {
	/** Stable id, part of the cache key ('metadata', 'downloads', 'owners'). */
	readonly kind: string;
	readonly section: FactSection;
	/** Which endpoint's base URL it is made against. */
	readonly endpoint: string;
	readonly lifetime: CacheLifetime;
	readonly url: (base: string, name: string) => string;
	readonly parse: (body: Readable, name: string, context: ParseContext) => Promise<unknown>;
	/** The Accept header (default `application/json`). */
	readonly accept?: string;
	/** Send the bearer token configured for the URL's prefix (private registries). */
	readonly authenticated?: boolean;
	/** Several names in one request (npm's bulk downloads). */
	readonly bulk?: BulkSpec;
	/** A label for errors when a section has several requests ('owners' → 'metadata: owners: HTTP 500'). */
	readonly label?: string;
	/**
	 * Which size limit the decompressed response is held to (`maxResponseMB.<class>`, default 'medium'):
	 * 'large' for documents streamed through a picker, 'small' for counts and lists (the bulk form too).
	 */
	readonly responseSize?: ResponseSize;
	/**
	 * The shape of what `parse` returns (and the bulk form's values), with a version: a cached entry is checked
	 * against it when read back, and one that does not fit is a miss (deleted, reported once). Bump the version
	 * whenever the parser's output changes. Every request should have one (a test checks); without it only the
	 * entry's envelope is checked.
	 */
	readonly cacheSchema?: VersionedSchema;
};

export type BulkSpec = {
	readonly maxNames: number;
	/** Whether a name can travel in a bulk request (npm: unscoped names only). */
	readonly accepts: (name: string) => boolean;
	readonly url: (base: string, names: readonly string[]) => string;
	/**
	 * Name → value, null for a name the registry does not know, or an `HttpFailure` for a name whose entry is
	 * malformed (it settles as that error; the batch's other names are unaffected).
	 */
	readonly parse: (
		body: Readable,
		names: readonly string[],
		context: ParseContext,
	) => Promise<ReadonlyMap<string, unknown>>;
};

export type RegistryPlan = {
	readonly requests: readonly RequestSpec[];
	/** The base URL for one name's request (npm routes scoped names); default: the endpoint's URL. */
	readonly baseFor?: (request: RequestSpec, name: string, endpoints: ResolvedEndpoints) => string;
	/**
	 * The settled values (request kind → value; null when unknown, failed or missing) → the package's facts.
	 * Must cope with any of them being null.
	 */
	readonly assemble: (values: ReadonlyMap<string, unknown>) => AssembledFacts;
};

export type AssembledFacts = {
	readonly metadata: PackageMetadata | null;
	readonly downloads: DownloadHistory | null;
	/**
	 * What only the ecosystem's own code reads (PyPI's simple-API files, for dependency metadata), by request
	 * kind. The core passes it through untouched (`PackageFacts.extras`).
	 */
	readonly extras?: Readonly<Record<string, unknown>>;
};

// ── Versions ──────────────────────────────────────────────────────────────────────────────────────

export type VersionRules = {
	/** The entry for `version` (exact, or equal under the ecosystem's rules: PEP 440 `1.0` = `1.0.0`). */
	readonly find: (versions: readonly VersionFacts[], version: string) => VersionFacts | null;
	/** Stable versions newer than `locked`, up to latest; null when unknown. */
	readonly behindLatest: (metadata: PackageMetadata, locked: string) => number | null;
};
