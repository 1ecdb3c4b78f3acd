import type {PackageSource} from '../../../graph/types.js';
import {decodeOrKeep} from '../../../util/uri.js';

/**
 * Descriptors (`name@range`) and what a range says about where a package comes from, as yarn (classic and
 * berry) and pnpm write them.
 */

/** `@scope/name@^1.0.0` → `{name: '@scope/name', range: '^1.0.0'}`. A descriptor without `@range` has range ''. */
export function splitDescriptor(descriptor: string): {name: string; range: string} {
	const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
	if (at <= 0) return {name: descriptor, range: ''};
	return {name: descriptor.slice(0, at), range: descriptor.slice(at + 1)};
}

/**
 * The registry package an alias range points to: `npm:string-width@^4.2.0` → `{name: 'string-width',
 * range: '^4.2.0'}`. Undefined for a plain `npm:^1.0.0` (berry's default protocol) or no `npm:` at all.
 */
export function aliasTarget(range: string): {name: string; range: string} | undefined {
	if (!range.startsWith('npm:')) return undefined;
	const rest = range.slice(4);
	const target = splitDescriptor(rest);
	// `npm:^1.0.0` has no name before an `@`; `npm:@scope/x@1` and `npm:x@1` do.
	if (target.range === '' || target.name === '' || /^[\^~<>=*\d]/.test(target.name)) return undefined;
	return target;
}

/**
 * Where a range or resolution points: `registry` for semver ranges, tags and `npm:`; `workspace:`; `link:`/
 * `portal:` → link; `file:` (folders and local tarballs) → file; git hosts and `git+…` → git; any other URL →
 * url. `patch:` wraps another descriptor (URL-encoded) and is classified by what it patches.
 */
export function sourceOfRange(range: string): PackageSource {
	if (range.startsWith('patch:')) {
		const inner = decodeOrKeep(range.slice(6).split('#')[0] ?? '');
		return sourceOfRange(splitDescriptor(inner).range);
	}

	if (range.startsWith('workspace:')) return 'workspace';
	if (range.startsWith('link:') || range.startsWith('portal:')) return 'link';
	if (range.startsWith('file:') || range.startsWith('exec:')) return 'file';
	// Relative or absolute paths written without a protocol (`../lib`, `./vendor/x.tgz`).
	if (/^(\.{1,2}\/|\/)/.test(range)) return 'file';
	if (isGitRange(range)) return 'git';
	if (/^https?:\/\//.test(range)) return 'url';
	return 'registry';
}

function isGitRange(range: string): boolean {
	return (
		/^(git\+|git:|git@|github:|gitlab:|bitbucket:|gist:)/.test(range) ||
		/^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org|codeload\.github\.com)\//.test(range) ||
		/\.git(#|$)/.test(range) ||
		/#commit=/.test(range) ||
		// `user/repo` or `user/repo#ref`: the GitHub shorthand (a registry range never contains `/`).
		/^\w[\w.-]*\/[\w.-]+(#.*)?$/.test(range)
	);
}
