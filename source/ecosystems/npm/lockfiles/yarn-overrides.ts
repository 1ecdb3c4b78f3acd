import type {LockfileInput} from '../../../lockfiles/types.js';
import {ConfigFileError, readYamlConfig} from '../../../policy/cooldown/config-files.js';
import {isRecord} from '../../../util/records.js';
import {splitDescriptor} from './yarn-spec.js';

/**
 * What yarn berry resolves a dependency range to before it looks in its lockfile, and the lockfile then records
 * only the result: the root package.json's `resolutions` (`"browserslist": "4.28.4"` makes every
 * `browserslist@npm:^4.24.0` of the tree the `browserslist@npm:4.28.4` entry) and the `catalog:` protocol
 * (`verkit: "catalog:"` is `.yarnrc.yml`'s `catalog.verkit`; `catalog:dev` its `catalogs.dev`). Without them a
 * large berry monorepo (babel, jest) read with dozens of "not in the lockfile" warnings and missing edges.
 */
export type YarnOverrides = {
	/** The range to look up instead of `range` for `name` depended on by `parent`; undefined when none applies. */
	rangeFor(parent: string | undefined, name: string, range: string): string | undefined;
};

/** One `resolutions` pattern: `[parent/]name[@range]` (a leading `**\/` is yarn 1's and means nothing more). */
type Resolution = {
	readonly parent: string | undefined;
	readonly name: string;
	readonly range: string | undefined;
	readonly value: string;
};

export function yarnOverrides(
	input: LockfileInput,
	resolutions: Readonly<Record<string, string>>,
	warn: (message: string) => void,
): YarnOverrides {
	/** By the name they resolve, most specific first (as yarn applies them): a parent and a range, a parent, a range, the name alone. */
	const byName = new Map<string, Resolution[]>();
	for (const [pattern, value] of Object.entries(resolutions)) {
		const parsed = parsePattern(pattern);
		if (!parsed) {
			warn(`${input.path}: package.json resolutions pattern "${pattern}" is not understood; ignored`);
			continue;
		}

		let list = byName.get(parsed.name);
		if (!list) byName.set(parsed.name, (list = []));
		list.push({...parsed, value: withProtocol(value)});
	}

	const specificity = (resolution: Resolution) =>
		(resolution.parent === undefined ? 0 : 2) + (resolution.range === undefined ? 0 : 1);
	for (const list of byName.values()) list.sort((a, b) => specificity(b) - specificity(a));
	const catalogs = readCatalogs(input, warn);
	return {
		rangeFor(parent, name, range) {
			if (range.startsWith('catalog:')) {
				const catalog = catalogs.get(range.slice('catalog:'.length) || 'default');
				const pinned = catalog?.get(name);
				return pinned === undefined ? undefined : withProtocol(pinned);
			}

			const wanted = withProtocol(range);
			for (const resolution of byName.get(name) ?? []) {
				if (resolution.parent !== undefined && resolution.parent !== parent) continue;
				if (resolution.range !== undefined && withProtocol(resolution.range) !== wanted) continue;
				return resolution.value === wanted ? undefined : resolution.value;
			}

			return undefined;
		},
	};
}

/** `name`, `name@range`, `parent/name`, `@scope/parent@1/@scope/name@^2`, with `**\/` prefixes dropped. */
function parsePattern(pattern: string): Omit<Resolution, 'value'> | undefined {
	const parts = pattern.replace(/^(\*\*\/)+/, '').split('/');
	const identifiers: string[] = [];
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index]!;
		if (part.startsWith('@')) {
			if (index + 1 >= parts.length) return undefined;
			identifiers.push(`${part}/${parts[++index]}`);
		} else identifiers.push(part);
	}

	if (identifiers.length === 0 || identifiers.length > 2 || identifiers.some((each) => each === ''))
		return undefined;
	const target = splitDescriptor(identifiers.at(-1)!);
	if (target.name === '') return undefined;
	return {
		parent: identifiers.length === 2 ? splitDescriptor(identifiers[0]!).name : undefined,
		name: target.name,
		range: target.range === '' ? undefined : target.range,
	};
}

/** A range with yarn berry's default protocol: `^1.2.0` is `npm:^1.2.0`; `workspace:*`, `patch:…` stay. */
function withProtocol(range: string): string {
	return /^[a-z][\w+.-]*:/.test(range) ? range : `npm:${range}`;
}

/** `.yarnrc.yml`'s `catalog` (named `default`) and `catalogs`, name → package → range. */
function readCatalogs(
	input: LockfileInput,
	warn: (message: string) => void,
): Map<string, Map<string, string>> {
	const catalogs = new Map<string, Map<string, string>>();
	const text = input.readRelative('.yarnrc.yml');
	if (text === undefined || !/^catalogs?:/m.test(text)) return catalogs;
	let value: Record<string, unknown>;
	try {
		// Failsafe: a catalog range `1.10` stays the string it is.
		value = readYamlConfig('.yarnrc.yml', text, {failsafe: true}).values;
	} catch (error) {
		if (!(error instanceof ConfigFileError)) throw error;
		warn(`${input.path}: .yarnrc.yml beside it is not readable YAML; its catalogs are unknown`);
		return catalogs;
	}

	const add = (name: string, entries: unknown) => {
		if (!isRecord(entries)) return;
		const catalog = new Map<string, string>();
		for (const [packageName, range] of Object.entries(entries))
			if (typeof range === 'string') catalog.set(packageName, range);
		catalogs.set(name, catalog);
	};

	add('default', value.catalog);
	if (isRecord(value.catalogs))
		for (const [name, entries] of Object.entries(value.catalogs)) add(name, entries);
	return catalogs;
}
