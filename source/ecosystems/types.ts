import type {Readable} from 'node:stream';
import type {VersionedSchema} from '../cache/schema.js';
import type {EdgeKind, PackageSource} from '../graph/types.js';
import type {LockfileReader} from '../lockfiles/types.js';
import type {ProjectFileReader} from '../policy/cooldown/config-files.js';
import type {CooldownAudit} from '../policy/cooldown/types.js';
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
	/**
	 * How versions a lockfile does not fix are chosen and a version's dependencies are found (unpinned requirements,
	 * manifests, flat locks, `--package`). Absent: this ecosystem's packages are never resolved.
	 */
	readonly resolver?: ResolverSpec;
	/** The project's own release-age rules for this ecosystem (its package managers' settings). */
	readonly cooldown?: CooldownSpec;
	/**
	 * Release facts its registry never records (crates.io has no provenance attestations and no install scripts;
	 * PyPI no install scripts): shown as "not recorded by …", not as "unknown", which reads as data that failed.
	 */
	readonly unrecorded?: ReadonlyArray<'provenance' | 'installScripts'>;
	/**
	 * Its metadata does not carry each version's dependencies (PyPI's project JSON): the scan asks the resolver for
	 * the locked and the previous version's, so what the locked one added can be told (scan/compared-versions.ts).
	 */
	readonly dependenciesPerVersion?: boolean;
};

/** Where an ecosystem's tools keep their release-age ("cooldown") settings. */
export type CooldownSpec = {
	/** Reads the package managers' settings from the project's files (pnpm, yarn, bun, npm; uv). */
	readonly read?: (read: ProjectFileReader) => CooldownAudit;
	/** Dependabot `package-ecosystem` values whose updates land in this ecosystem's lockfiles. */
	readonly dependabotEcosystems: readonly string[];
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
	/**
	 * A manifest (`package.json`, `pyproject.toml`), read only where no lockfile of the same ecosystem sits beside
	 * it: a lockfile always wins over its manifest. Its tree is resolved from the registry.
	 */
	readonly manifest?: boolean;
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
	/**
	 * The versions an answer lists, when it lists a name's versions (a packument, a project's releases, a crate's
	 * index file): a cached answer that lists none equal to a version the lockfile locks was fetched before that
	 * version was published, and is asked for again however fresh (as npm's own pacote re-fetches a cached packument
	 * that lacks the wanted version) — else a release published since the last scan would read "not in the
	 * registry" instead of hours old.
	 */
	readonly versionsIn?: (value: unknown) => readonly string[];
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
	/**
	 * The ecosystem's order of two versions (negative, 0, positive), null when either is not a version it can
	 * order: an advisory export's ranges (`introduced`/`fixed`) are evaluated with it.
	 */
	readonly compare: (a: string, b: string) => number | null;
	/**
	 * Whether `version` is in `range` written the ecosystem's way (semver `^1.2 || >=3`, PEP 440 `>=2,<3`);
	 * null when the range is not one (policy files name package versions with these).
	 */
	readonly satisfies?: (version: string, range: string) => boolean | null;
};

// ── Resolution ────────────────────────────────────────────────────────────────────────────────────

/**
 * What the generic resolution engine (source/resolve/engine.ts) asks an ecosystem. The engine walks breadth-first
 * from the requirements, takes the newest version satisfying each range, never backtracks, and reports conflicts
 * as warnings; the ecosystem says what "satisfies", "newest" and "depends on" mean for it.
 */
export type ResolverSpec = {
	/** One version of a name per tree (pip installs one); npm and Cargo keep several side by side. */
	readonly oneVersionPerName: boolean;
	/**
	 * Whether a version already in the tree satisfies a range ('' = any). Pre-releases count here: a lockfile
	 * that pinned one meant it.
	 */
	readonly satisfies: (version: string, range: string) => boolean;
	/**
	 * The version to install for a range from the name's facts: the newest that satisfies it, with the ecosystem's
	 * rules for pre-releases, yanked releases and the target environment; or why there is none.
	 */
	readonly choose: (facts: NameFacts, range: string, environment: string) => VersionChoice;
	/** Where one version's dependencies come from: the name's facts already say, or one request per version. */
	readonly dependencies: (
		facts: NameFacts,
		version: string,
		endpoints: ResolvedEndpoints,
	) => DependencySource;
	/**
	 * Whether a declared dependency is installed in the target environment, given the extras asked for on its
	 * parent (PEP 508 markers). Default: always.
	 */
	readonly applies?: (
		dependency: DeclaredDependency,
		environment: string,
		extras: ReadonlySet<string>,
	) => boolean;
	/** `express@^4`, `requests==2.32.3`, `serde@1`: the part of a `--package` spec after `<id>:`. */
	readonly parseSpec: (text: string) => ParsedSpec;
	/** The target environment's setting (PyPI: `python.environment`); its value is passed as `environment`. */
	readonly environment?: EnvironmentSetting;
};

/** One name's registry facts as resolution sees them (assembled from its metadata-section requests). */
export type NameFacts = {
	readonly name: string;
	readonly metadata: PackageMetadata | null;
	/** The ecosystem's own facts (`AssembledFacts.extras`: PyPI's simple-API files). */
	readonly extras: Readonly<Record<string, unknown>>;
	/** Why facts are missing ('metadata: offline: not in cache'). */
	readonly errors: readonly string[];
};

export type VersionChoice =
	| {
			readonly version: string;
			/** Said in the detail pane: `newest release satisfying >=2`, `yanked, but pinned exactly`. */
			readonly note: string;
	  }
	| {readonly error: string};

export type ParsedSpec =
	| {readonly name: string; readonly range: string; readonly extras?: readonly string[]}
	| {readonly error: string};

/** A dependency as a version's metadata declares it. */
export type DeclaredDependency = {
	/** The registry name (normalised as the ecosystem does). */
	readonly name: string;
	readonly range: string;
	readonly kind: EdgeKind;
	/** Python extras asked for on the dependency. */
	readonly extras?: readonly string[];
	/** A PEP 508 marker (`python_version < "3.11"`, `extra == "socks"`). */
	readonly marker?: string;
	/** Not from the registry (a git or file spec): shown as a placeholder, never resolved. */
	readonly source?: PackageSource;
	/** The alias it is installed under (npm `"x": "npm:real@1"`). */
	readonly alias?: string;
	/** As written (`urllib3<3,>=1.21.1`), for warnings. */
	readonly text: string;
};

/** A version's dependencies as read from the registry: JSON-safe (it is what the cache keeps, for good). */
export type DependencyList = {
	readonly dependencies: readonly DeclaredDependency[];
	/** A caveat said with the edges: `requires_dist is null: dependencies unknown`. */
	readonly caveat?: string;
};

export type DependencySource =
	| {readonly kind: 'known'; readonly list: DependencyList; readonly from: string}
	| {readonly kind: 'request'; readonly request: VersionRequest}
	| {readonly kind: 'unknown'; readonly reason: string};

/** One request for one version's dependencies. Its answer never changes: cached without expiry. */
export type VersionRequest = {
	/** Cache kind ('core-metadata', 'version-json'). */
	readonly kind: string;
	/** The endpoint it belongs to (its base URL is part of the cache key: a mirror's answer is its own). */
	readonly endpoint: string;
	/** Absolute URL (a wheel's `.metadata` lives on the files host). */
	readonly url: string;
	readonly accept?: string;
	readonly authenticated?: boolean;
	readonly parse: (body: Readable, context: ParseContext) => Promise<DependencyList>;
	/** Where the edges came from, for the detail pane: `core metadata of requests-2.32.3-py3-none-any.whl`. */
	readonly describe: string;
	/** Tried when this one is missing (404): the JSON API after a `.metadata` that is not there. */
	readonly fallback?: VersionRequest;
	/** Which size limit the decompressed response is held to (as `RequestSpec.responseSize`; default 'medium'). */
	readonly responseSize?: ResponseSize;
	/**
	 * The shape of the `DependencyList` that `parse` returns, with a version (as `RequestSpec.cacheSchema`): a
	 * cached answer is checked against it when read back; one that does not fit is a miss.
	 */
	readonly cacheSchema?: VersionedSchema;
};

/** A setting that describes the environment dependencies are resolved for (markers, requires-python). */
export type EnvironmentSetting = {
	/** The dotted settings key (`python.environment`). */
	readonly key: string;
	readonly label: string;
	readonly description: string;
	readonly defaultValue: string;
	/** Null when the text is a valid value, else what is allowed. */
	readonly validate: (text: string) => string | null;
};
