import {readdirSync} from 'node:fs';
import {sniffCargoLock} from '../ecosystems/cargo/lockfile.js';

/** Which reader a file goes to. One family can cover several formats (npm v1/v2/v3). */
export type ReaderKind =
	| 'npm'
	| 'yarn'
	| 'pnpm'
	| 'bun'
	| 'bun-binary'
	| 'requirements'
	| 'poetry'
	| 'uv'
	| 'pipfile'
	| 'pdm'
	| 'pylock'
	| 'cargo';

/** What directory detection looks for, in the order lockfiles are shown. */
export const supportedFileNames = [
	'package-lock.json',
	'npm-shrinkwrap.json',
	'yarn.lock',
	'pnpm-lock.yaml',
	'bun.lock',
	'bun.lockb',
	'requirements*.txt',
	'poetry.lock',
	'uv.lock',
	'Pipfile.lock',
	'pdm.lock',
	'pylock.toml',
	'pylock.*.toml',
	'Cargo.lock',
] as const;

const exactNames: ReadonlyMap<string, ReaderKind> = new Map([
	['package-lock.json', 'npm'],
	['npm-shrinkwrap.json', 'npm'],
	['yarn.lock', 'yarn'],
	['pnpm-lock.yaml', 'pnpm'],
	['bun.lock', 'bun'],
	['bun.lockb', 'bun-binary'],
	['poetry.lock', 'poetry'],
	['uv.lock', 'uv'],
	['Pipfile.lock', 'pipfile'],
	['pdm.lock', 'pdm'],
	['pylock.toml', 'pylock'],
	['Cargo.lock', 'cargo'],
]);

/** The reader for a file name, or undefined when the name says nothing. */
export function kindFromFileName(fileName: string): ReaderKind | undefined {
	const exact = exactNames.get(fileName);
	if (exact) return exact;
	if (/^requirements.*\.txt$/i.test(fileName)) return 'requirements';
	if (/^pylock\.[^.]+\.toml$/.test(fileName)) return 'pylock';
	return undefined;
}

/**
 * The reader for a file whose name does not say (given with --file), from its first bytes.
 * Returns undefined when the content looks like no supported lockfile.
 */
export function kindFromContent(text: string): ReaderKind | undefined {
	const head = text.slice(0, 4096);
	if (head.startsWith('bun-lockfile-format') || head.includes('\0')) return 'bun-binary';
	if (/^# yarn lockfile v1/m.test(head) || /^__metadata:/m.test(head)) return 'yarn';
	if (/^lockfileVersion:/m.test(head)) return 'pnpm';
	const trimmed = head.trimStart();
	if (trimmed.startsWith('{')) {
		if (/"_meta"\s*:/.test(head) && /"(default|develop)"\s*:/.test(text)) return 'pipfile';
		if (/"workspaces"\s*:/.test(head) && /"lockfileVersion"\s*:/.test(head)) return 'bun';
		if (/"lockfileVersion"\s*:/.test(head)) return 'npm';
		return undefined;
	}

	// Before the uv/poetry checks: a Cargo.lock has `[[package]]` tables and a bare `version = 3|4` too.
	if (sniffCargoLock(text)) return 'cargo';
	if (/^lock-version\s*=/m.test(text) && /^\[\[packages\]\]/m.test(text)) return 'pylock';
	if (/^\[\[package\]\]/m.test(text)) {
		if (/^lock_version\s*=/m.test(text)) return 'pdm';
		if (/^version\s*=\s*\d+\s*$/m.test(head) && !/^\[metadata\]/m.test(text)) return 'uv';
		return 'poetry';
	}

	// pip requirement lines: `name==1.0`, `name[extra]==1.0 ; marker`, `-r other.txt`.
	const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
	const requirementLike =
		/^\s*(-[rce]\s|--(requirement|constraint|editable|hash|index-url)|[A-Za-z0-9][\w.-]*(\[[^\]]*\])?\s*(===?|~=|>=|<=|!=|>|<|@|;|$))/;
	if (lines.length > 0 && lines.every((line) => requirementLike.test(line) || /^\s+/.test(line))) {
		return 'requirements';
	}

	return undefined;
}

/**
 * Supported lockfiles at the top of `directory` (never inside node_modules or .venv: detection does not
 * descend). npm ignores package-lock.json when npm-shrinkwrap.json exists, and so do we; bun.lockb is only
 * reported when there is no bun.lock beside it.
 */
export function findLockfiles(directory: string): string[] {
	const names = readdirSync(directory, {withFileTypes: true})
		.filter((entry) => entry.isFile() || entry.isSymbolicLink())
		.map((entry) => entry.name);
	const found = names.filter((name) => kindFromFileName(name) !== undefined);
	const present = new Set(found);
	return found
		.filter((name) => !(name === 'package-lock.json' && present.has('npm-shrinkwrap.json')))
		.filter((name) => !(name === 'bun.lockb' && present.has('bun.lock')))
		.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

const displayOrder: readonly ReaderKind[] = [
	'npm',
	'yarn',
	'pnpm',
	'bun',
	'bun-binary',
	'requirements',
	'poetry',
	'uv',
	'pipfile',
	'pdm',
	'pylock',
	'cargo',
];

/** npm family first, then Python, then Rust, in the order of `supportedFileNames`. */
function order(name: string): number {
	return displayOrder.indexOf(kindFromFileName(name)!);
}
