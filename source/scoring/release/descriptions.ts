import type {ReleaseFlagId} from './types.js';

/**
 * One line per release-side flag: the `?` legend, SARIF rule descriptions and the README say the same thing.
 * `short` is a title, `name` a SARIF rule name (PascalCase), `meaning` a sentence with the default thresholds.
 */
export const releaseFlagInfo: Readonly<
	Record<
		ReleaseFlagId,
		{readonly short: string; readonly name: string; readonly meaning: string; readonly severity: string}
	>
> = {
	'known-malicious': {
		short: 'A malicious-package report names the locked version',
		name: 'KnownMaliciousVersion',
		meaning:
			'An OpenSSF malicious-packages report (OSV MAL-…) names the locked version: release risk critical.',
		severity: '10.0',
	},
	'security-holding': {
		short: 'npm took the package down as malicious',
		name: 'NpmSecurityHolding',
		meaning: 'npm took the package down as malicious and published 0.0.1-security in its place: critical.',
		severity: '10.0',
	},
	quarantined: {
		short: 'The registry quarantined the project',
		name: 'QuarantinedProject',
		meaning: 'The registry quarantined the project (PyPI PEP 792: under review as malicious): critical.',
		severity: '9.5',
	},
	cooldown: {
		short: 'The locked version, or a file added to it, is younger than the cooldown period',
		name: 'LockedVersionInCooldown',
		meaning:
			'The locked version is younger than the cooldown (14 days), or one of its files is (PyPI lets a file be added to an old release); most malicious releases are pulled within days.',
		severity: '5.0',
	},
	'foreign-tarball': {
		short:
			'The lockfile installs it from a host the rest of the lockfile does not use, or from another tarball',
		name: 'ForeignTarballHost',
		meaning:
			'The lockfile installs the package from a host that the rest of its packages, and its registry entry, do not come from, or from the registry tarball of another package or version, or (uv.lock, pylock.toml) a PyPI package from a host PyPI does not serve files from: what an edited lockfile (lockfile injection) looks like. Release risk high.',
		severity: '8.5',
	},
	'removed-version': {
		short: 'The registry removed the locked version',
		name: 'LockedVersionRemoved',
		meaning:
			'The registry lists the locked version as published but no longer serves it: removed by its publisher, or by the registry, as malicious releases are. An install then takes it from a cache, or fails. Release risk high.',
		severity: '8.0',
	},
	'compromise-notice': {
		short: 'The locked version is withdrawn as compromised',
		name: 'LockedVersionWithdrawnAsCompromised',
		meaning:
			"The locked version's deprecation message (npm) or yank reason (PyPI, crates.io) says it was compromised, malicious or published without authorisation: its maintainers' own warning, often given before the registry removes it. Release risk high.",
		severity: '9.0',
	},
	'install-script-added': {
		short: 'The locked version adds an install script',
		name: 'InstallScriptAdded',
		meaning:
			'The locked version has a preinstall/install/postinstall script the previous version in its line did not.',
		severity: '7.0',
	},
	'provenance-dropped': {
		short: 'The locked version dropped the provenance or trusted publishing earlier versions had',
		name: 'ProvenanceDropped',
		meaning:
			'Earlier versions had stronger trust (staged approval › trusted publisher › provenance) than the locked one, or a file added to the locked release lacks the provenance its other files have.',
		severity: '7.0',
	},
	'trusted-publisher-changed': {
		short: 'The trusted-publisher configuration changed',
		name: 'TrustedPublisherChanged',
		meaning:
			"The locked version's trusted-publisher configuration (npm oidcConfigId) differs from the previous version's.",
		severity: '6.0',
	},
	'new-publisher': {
		short: 'The locked version comes from a publisher new to the package',
		name: 'LockedVersionByNewPublisher',
		meaning:
			'The locked version was published by an account (or trusted-publisher configuration) that published no earlier version.',
		severity: '7.0',
	},
	'new-dependency': {
		short: 'The locked version adds a brand-new or barely used dependency',
		name: 'NewYoungDependency',
		meaning:
			'The locked version adds a dependency that is itself younger than 30 days or under 1,000 downloads a week.',
		severity: '7.0',
	},
	'release-burst': {
		short: 'A burst of versions around the locked one',
		name: 'ReleaseBurst',
		meaning: 'At least 3 versions within 24 hours around the locked one (counts only within the cooldown).',
		severity: '5.0',
	},
	'dormant-return': {
		short: 'The locked version ends a long silence',
		name: 'DormantReturn',
		meaning:
			'The locked version is the first release after at least 270 days of silence (counts only within the cooldown).',
		severity: '5.0',
	},
	'account-burst': {
		short: "The locked version's publisher released many repositories of this tree at once",
		name: 'AccountBurst',
		meaning:
			"The locked version's publisher released packages of at least 3 repositories of this tree within 48 hours: the worm pattern (counts only within the cooldown).",
		severity: '7.0',
	},
	vulnerable: {
		short: 'Known vulnerabilities affect the locked version',
		name: 'KnownVulnerability',
		meaning:
			'Known vulnerabilities (OSV advisories) affect the locked version: at least moderate, high when one is critical or high.',
		severity: '6.0',
	},
	'latest-new-publisher': {
		short: 'The latest release comes from a publisher new to the package',
		name: 'LatestReleaseByNewPublisher',
		meaning:
			'The latest version (not the locked one) comes from a publisher new to the package: a warning about upgrading.',
		severity: '4.0',
	},
	'dormant-publisher': {
		short: 'An account that can publish has not for over a year',
		name: 'DormantPublisher',
		meaning:
			'An account that can publish has not published for over a year: an unused credential is an easy one to steal.',
		severity: '2.0',
	},
	archived: {
		short: 'The project is archived',
		name: 'ArchivedProject',
		meaning: 'The project is archived (PyPI PEP 792): no more releases are expected.',
		severity: '2.0',
	},
};
