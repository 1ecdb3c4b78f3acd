import {sanitizeText} from '../../text/sanitize.js';

/**
 * Where a locked crate comes from, read from its `source` string:
 * `registry+<index url>` (a git index), `sparse+<index url>` (an HTTP index), `git+<url>?<ref>#<commit>`,
 * none for a path dependency or workspace member.
 */
export type CrateOrigin =
	| {readonly kind: 'crates-io'}
	| {readonly kind: 'registry'; readonly registry: string}
	| {readonly kind: 'git'}
	| {readonly kind: 'path'}
	| {readonly kind: 'unknown'; readonly source: string};

/** crates.io's git index and its sparse index: the only registries whose crates are looked up on crates.io. */
const cratesIoIndexes = new Set(['https://github.com/rust-lang/crates.io-index', 'https://index.crates.io']);

export function crateOrigin(source: string | undefined): CrateOrigin {
	if (source === undefined) return {kind: 'path'};
	const plus = source.indexOf('+');
	const scheme = plus === -1 ? '' : source.slice(0, plus);
	const url = source.slice(plus + 1);
	if (scheme === 'registry' || scheme === 'sparse') {
		return cratesIoIndexes.has(url.replace(/\/+$/, ''))
			? {kind: 'crates-io'}
			: {kind: 'registry', registry: displaySource(source)};
	}

	if (scheme === 'git') return {kind: 'git'};
	// `path+file://…` is how `cargo metadata` spells a path source; a hand-edited lockfile may carry it.
	if (scheme === 'path') return {kind: 'path'};
	return {kind: 'unknown', source: displaySource(source)};
}

/**
 * A source for a warning: no credentials (`https://user:token@host/` → `https://host/`), no query (a token
 * may hide there too), no terminal control characters. The git commit after `#` is kept: it is not secret
 * and it is what tells two sources apart.
 */
export function displaySource(source: string): string {
	const withoutCredentials = source.replace(/^([\w+.-]*:\/\/)[^/@]*@/, '$1');
	const [beforeFragment, fragment] = splitFragment(withoutCredentials);
	const withoutQuery = isRegistrySource(source) ? beforeFragment.replace(/\?.*$/, '') : beforeFragment;
	return sanitizeText(fragment === undefined ? withoutQuery : `${withoutQuery}#${fragment}`);
}

/**
 * A source as dependency references spell it. Cargo writes `name version (source)` without the `#commit`
 * that the package's own `source` ends with, so both sides are compared without it.
 */
export function withoutPrecise(source: string): string {
	return splitFragment(source)[0];
}

function isRegistrySource(source: string): boolean {
	return source.startsWith('registry+') || source.startsWith('sparse+');
}

function splitFragment(source: string): [string, string | undefined] {
	const hash = source.indexOf('#');
	return hash === -1 ? [source, undefined] : [source.slice(0, hash), source.slice(hash + 1)];
}
