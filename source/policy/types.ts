import type {FailOn} from '../report/types.js';
import type {Thresholds} from '../scoring/thresholds.js';
import type {RiskLevel} from '../scoring/types.js';
import type {CooldownAudit} from './cooldown/types.js';

/** A package as a policy names it: `npm:left-pad`, `npm:@types/*`, `pypi:requests@>=2,<3`. */
export type PackagePattern = {
	/** An ecosystem id; absent = any ecosystem (a bare `esbuild`). */
	readonly ecosystem?: string;
	/** The name; `*` matches any run of characters (`@types/*`). */
	readonly name: string;
	/** A version range in the ecosystem's syntax (semver, PEP 440); absent = every version. */
	readonly range?: string;
	/** As written, for messages. */
	readonly text: string;
};

/** One `ignore` entry: findings of matching packages the project accepts, for a reason, maybe until a date. */
export type IgnoreRule = {
	readonly package: PackagePattern;
	/** Flag ids to ignore; absent (with `levels` absent too) = every finding of the package. */
	readonly flags?: readonly string[];
	/** Levels to ignore: the package still shows its level, but it does not trip the gate. */
	readonly levels?: readonly RiskLevel[];
	readonly reason: string;
	/** YYYY-MM-DD: the entry applies through that day (UTC), then stops applying and a warning says so. */
	readonly expires?: string;
	/** `file:line` of the entry. */
	readonly source: string;
};

/** An account a policy vouches for: `ljharb` (any ecosystem) or `npm:ljharb`. */
export type TrustedPublisher = {
	readonly ecosystem?: string;
	readonly account: string;
	readonly source: string;
};

/** `.commit-tui.yml`, read and checked. Every field is optional in the file. */
export type Policy = {
	/** The file's display path. */
	readonly file: string;
	readonly ignore: readonly IgnoreRule[];
	/** Per-project thresholds, over the settings (`thresholds.<key>`). */
	readonly thresholds: Partial<Thresholds>;
	/** The gate level when `--fail-on` is not given (the flag wins). */
	readonly failOn?: FailOn;
	/** Largest share (0–1) of packages in scope that may be unknown before the gate exits 4. */
	readonly maxUnknown?: number;
	/** Packages allowed to run install scripts: their install-script findings are ignored. */
	readonly allowInstallScripts: ReadonlyArray<PackagePattern & {readonly source: string}>;
	readonly trustedPublishers: readonly TrustedPublisher[];
};

/** Everything the project says about how to judge it: its policy file and its own cooldown settings. */
export type ProjectPolicy = {
	readonly policy: Policy | null;
	readonly cooldown: CooldownAudit;
	/** Expired or soon-expiring ignore entries, unreadable cooldown settings: one line each. */
	readonly warnings: readonly string[];
};
