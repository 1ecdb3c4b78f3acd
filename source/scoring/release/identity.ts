import type {VersionFacts} from '../../registries/types.js';

/**
 * Who published a version, as a key that can be compared across versions and packages, and which source
 * repository a package comes from. Pure string work.
 */

/**
 * Names that are not a person or a configuration: npm writes "GitHub Actions" as `_npmUser` for every package
 * published through trusted publishing (GitLab's for GitLab CI), so the name says nothing about who did it; the
 * trusted publisher's configuration id does.
 */
const sharedIdentities = new Set(['github actions', 'gitlab ci', 'gitlab ci/cd', 'gitlab']);

/** Whether an account name is one of the shared CI identities. */
export function isSharedIdentity(name: string): boolean {
	return sharedIdentities.has(name.trim().toLowerCase());
}

/**
 * The publisher of a version as a comparable key: `tp:<provider>:<configuration>` for trusted publishing,
 * `user:<account>` for an account; null when unknown or only a shared CI name is known.
 */
export function publisherKey(version: VersionFacts): string | null {
	const trusted = version.trustedPublisher;
	if (trusted?.identity) return `tp:${trusted.provider ?? '?'}:${trusted.identity}`;
	if (trusted) return null;
	const name = version.publishedBy;
	if (!name) return null;
	let key = accountKeys.get(name);
	if (key === undefined) {
		key = isSharedIdentity(name) ? null : `user:${name}`;
		if (accountKeys.size >= maxAccountKeys) accountKeys.clear();
		accountKeys.set(name, key);
	}

	return key;
}

/**
 * Account name → its key: a handful of accounts publish the thousands of versions of a tree (each version asks),
 * so the trimming, lower-casing and joining is done once per account. Bounded: a long session's names do not pile up.
 */
const accountKeys = new Map<string, string | null>();
const maxAccountKeys = 50_000;

/** `tp:github:oidc:1234…` → "trusted publisher github oidc:1234…"; `user:alice` → "alice". */
export function describePublisherKey(key: string): string {
	if (key.startsWith('user:')) return key.slice('user:'.length);
	const [, provider, ...identity] = key.split(':');
	return `trusted publisher ${provider === '?' ? '' : `${provider} `}${identity.join(':')}`;
}

/** How a version was published, in words: "alice", "GitHub Actions (trusted publisher oidc:…)". */
export function describePublisher(version: VersionFacts): string | null {
	const trusted = version.trustedPublisher;
	if (trusted) {
		const who = version.publishedBy ?? trusted.provider ?? 'CI';
		return `${who} (trusted publisher${trusted.identity ? ` ${trusted.identity}` : ''})`;
	}

	return version.publishedBy;
}

const codeHosts = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

/**
 * A repository URL as a key, so that every package of a monorepo is one repository: scheme, `git+`, `.git`,
 * credentials, fragments and (on the big code hosts) anything after `owner/repo` are dropped, and npm's
 * shorthands (`owner/repo`, `github:owner/repo`, `gitlab:…`) expanded. Null when there is nothing to read.
 */
export function repositoryKey(url: string | null): string | null {
	if (!url) return null;
	let text = url.trim().toLowerCase();
	if (text === '') return null;
	const shorthand = /^(github|gitlab|bitbucket):([^/]+\/[^/#]+)/.exec(text);
	if (shorthand)
		text = `${shorthand[1] === 'bitbucket' ? 'bitbucket.org' : `${shorthand[1]}.com`}/${shorthand[2]}`;
	else if (/^[a-z0-9_.-]+\/[a-z0-9_.-]+$/.test(text)) text = `github.com/${text}`;
	text = text
		.replace(/^git\+/, '')
		.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
		.replace(/^[^@/]+@([^:/]+):/, '$1/')
		.replace(/^[^@/]+@/, '')
		.replace(/[#?].*$/, '')
		.replace(/\/+$/, '')
		.replace(/\.git$/, '');
	const parts = text.split('/').filter(Boolean);
	if (parts.length === 0) return null;
	const host = parts[0]!.replace(/^www\./, '').replace(/:\d+$/, '');
	const rest = codeHosts.has(host) ? parts.slice(1, 3) : parts.slice(1);
	return [host, ...rest].join('/');
}
