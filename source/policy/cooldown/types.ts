/**
 * A project's own release-age ("cooldown") rule, read from a package manager's or an update bot's config:
 * how old a version must be before the tool installs (or proposes) it.
 */
export type CooldownSetting = {
	/** `pnpm`, `yarn`, `bun`, `npm`, `uv`, `Renovate`, `Dependabot`. */
	readonly tool: string;
	/** The file it came from, relative to the project (`pnpm-workspace.yaml`, `.github/dependabot.yml`). */
	readonly file: string;
	/** The key as written (`minimumReleaseAge`, `cooldown.default-days`). */
	readonly key: string;
	/** The value as written (`1440`, `'3d'`, `"7 days"`). */
	readonly raw: string;
	readonly line?: number;
	/** Ecosystem ids it governs: the JS package managers govern npm, uv PyPI, Renovate every ecosystem. */
	readonly ecosystems: readonly string[] | 'all';
	/** A minimum age in milliseconds … */
	readonly minimumAgeMs?: number;
	/** … or a fixed cutoff instead (npm `before`, a uv `exclude-newer` timestamp): ISO time. */
	readonly cutoff?: string;
	/** Package-name patterns the rule leaves out (`*` wildcards): pnpm/bun excludes, yarn's pre-approved. */
	readonly exclude: readonly string[];
	/** When set, the rule covers only these patterns (Dependabot `cooldown.include`). */
	readonly only?: readonly string[];
	/** The normalised value in words: `1 day`, `before 2026-11-01`. */
	readonly description: string;
};

/** Every cooldown setting found in a project, and why some could not be read. */
export type CooldownAudit = {
	readonly settings: readonly CooldownSetting[];
	readonly warnings: readonly string[];
};

export const emptyCooldownAudit: CooldownAudit = {settings: [], warnings: []};
