import type {FileNamePattern, LockfileFormatSpec} from '../types.js';
import {readPdmLock} from './lockfiles/pdm.js';
import {readPipfileLock} from './lockfiles/pipfile.js';
import {readPoetryLock} from './lockfiles/poetry.js';
import {readPylock} from './lockfiles/pylock.js';
import {readRequirements} from './lockfiles/requirements.js';
import {readUvLock} from './lockfiles/uv.js';
import {readPyprojectManifest} from './manifest.js';

/** The Python family's lockfiles: requirements files, poetry, uv, Pipfile.lock, pdm and PEP 751 pylock. */

const named = (name: string): FileNamePattern => ({display: name, matches: (fileName) => fileName === name});
const head = (text: string): string => text.slice(0, 4096);
const hasPackageTables = (text: string): boolean => /^\[\[package\]\]/m.test(text);

/**
 * pip requirement lines: `name==1.0`, `name[extra]==1.0 ; marker`, `-r other.txt`, any of pip's options
 * (`--extra-index-url …`, `-i …`, `--pre`), a VCS or archive URL (`git+https://…/kombu.git`, celery's
 * requirements/dev.txt), a local path (`./pkg`), continuations.
 */
const requirementLine =
	/^\s*(-[rcefi]\s|--[a-z][\w-]*|(git|hg|svn|bzr)\+\S+|https?:\/\/\S+|file:\S+|\.{1,2}\/\S*|[A-Za-z0-9][\w.-]*(\[[^\]]*\])?\s*(===?|~=|>=|<=|!=|>|<|@|;|$))/;

function looksLikeRequirements(text: string): boolean {
	const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
	return lines.length > 0 && lines.every((line) => requirementLine.test(line) || /^\s+/.test(line));
}

export const pypiLockfileFormats: readonly LockfileFormatSpec[] = [
	{
		kind: 'requirements',
		fileNames: [
			{display: 'requirements*.txt', matches: (fileName) => /^requirements.*\.txt$/i.test(fileName)},
			// rye's lockfiles (`requirements.lock`, `requirements-dev.lock`): pip-compile's format under another name.
			{display: 'requirements*.lock', matches: (fileName) => /^requirements.*\.lock$/i.test(fileName)},
		],
		sniff: looksLikeRequirements,
		// Almost any short text of names passes: only when nothing more specific matched.
		sniffPriority: 100,
		read: readRequirements,
	},
	{
		kind: 'poetry',
		fileNames: [named('poetry.lock')],
		// The catch-all for `[[package]]` TOML: uv, pdm and Cargo.lock are recognised before it.
		sniff: hasPackageTables,
		sniffPriority: 60,
		read: readPoetryLock,
	},
	{
		kind: 'uv',
		fileNames: [named('uv.lock')],
		// A lock of nothing (a script without dependencies: ruff's and uv's own `scripts/*.py.lock`) has no
		// `[[package]]`, but `requires-python` at the top, which a Cargo.lock never has.
		sniff: (text) =>
			/^version\s*=\s*\d+\s*$/m.test(head(text)) &&
			(hasPackageTables(text) || /^requires-python\s*=/m.test(head(text))) &&
			!/^\[metadata\]/m.test(text),
		sniffPriority: 45,
		read: readUvLock,
	},
	{
		kind: 'pipfile',
		fileNames: [named('Pipfile.lock')],
		sniff: (text) =>
			head(text).trimStart().startsWith('{') &&
			/"_meta"\s*:/.test(head(text)) &&
			/"(default|develop)"\s*:/.test(text),
		// Before npm's JSON sniff.
		sniffPriority: 20,
		read: readPipfileLock,
	},
	{
		kind: 'pdm',
		fileNames: [named('pdm.lock')],
		sniff: (text) => hasPackageTables(text) && /^lock_version\s*=/m.test(text),
		sniffPriority: 40,
		read: readPdmLock,
	},
	{
		kind: 'pylock',
		fileNames: [
			named('pylock.toml'),
			{display: 'pylock.*.toml', matches: (fileName) => /^pylock\.[^.]+\.toml$/.test(fileName)},
		],
		sniff: (text) => /^lock-version\s*=/m.test(text) && /^\[\[packages\]\]/m.test(text),
		sniffPriority: 40,
		read: readPylock,
	},
	{
		// Only where no Python lockfile is beside it; by name only.
		kind: 'pyproject',
		fileNames: [named('pyproject.toml')],
		manifest: true,
		read: readPyprojectManifest,
	},
];
