import type {FileNamePattern, LockfileFormatSpec} from '../types.js';
import {bunLockbError, readBunLockfile} from './lockfiles/bun.js';
import {readNpmLockfile} from './lockfiles/npm.js';
import {readPnpmLockfile} from './lockfiles/pnpm.js';
import {readYarnLockfile} from './lockfiles/yarn.js';
import {readPackageJsonManifest} from './manifest.js';
import {topLevelKeys} from './top-level-keys.js';

/** The npm family's lockfiles: npm, yarn (classic and berry), pnpm and bun. */

const named = (name: string, ignoredBeside?: readonly string[]): FileNamePattern => ({
	display: name,
	matches: (fileName) => fileName === name,
	...(ignoredBeside ? {ignoredBeside} : {}),
});

/** The first 4 KB: signatures sit at the top, and a multi-MB lockfile need not be scanned. */
const head = (text: string): string => text.slice(0, 4096);
const looksLikeJson = (text: string): boolean => head(text).trimStart().startsWith('{');

export const npmLockfileFormats: readonly LockfileFormatSpec[] = [
	{
		kind: 'npm',
		// npm itself ignores package-lock.json when npm-shrinkwrap.json exists.
		fileNames: [named('package-lock.json', ['npm-shrinkwrap.json']), named('npm-shrinkwrap.json')],
		sniff: (text) => looksLikeJson(text) && topLevelKeys(head(text)).includes('lockfileVersion'),
		// After bun.lock, which also has "lockfileVersion" but adds "workspaces" at the top.
		sniffPriority: 30,
		read: readNpmLockfile,
	},
	{
		kind: 'yarn',
		fileNames: [named('yarn.lock')],
		sniff: (text) => /^# yarn lockfile v1/m.test(head(text)) || /^__metadata:/m.test(head(text)),
		sniffPriority: 10,
		read: readYarnLockfile,
	},
	{
		kind: 'pnpm',
		fileNames: [named('pnpm-lock.yaml')],
		sniff: (text) => /^lockfileVersion:/m.test(head(text)),
		sniffPriority: 10,
		read: readPnpmLockfile,
	},
	{
		kind: 'bun',
		fileNames: [named('bun.lock')],
		sniff: (text) => {
			if (!looksLikeJson(text)) return false;
			// An npm workspace project's lockfile says "workspaces" too, but inside `packages[""]`.
			const keys = topLevelKeys(head(text));
			return keys.includes('workspaces') && keys.includes('lockfileVersion');
		},
		sniffPriority: 20,
		read: readBunLockfile,
	},
	{
		kind: 'bun-binary',
		fileNames: [named('bun.lockb', ['bun.lock'])],
		sniff: (text) => text.startsWith('bun-lockfile-format') || head(text).includes('\0'),
		// A binary file is nothing else, whatever text it happens to contain.
		sniffPriority: 0,
		refuse: bunLockbError,
	},
	{
		// Only where no npm-family lockfile is beside it; by name only (any JSON object would sniff as one).
		kind: 'package-json',
		fileNames: [named('package.json')],
		manifest: true,
		read: readPackageJsonManifest,
	},
];
