import {satisfies, valid, validRange} from '@renovatebot/pep440';
import {normalizePythonName} from '../names.js';

/** One PEP 508 dependency specifier, e.g. `requests[socks]>=2.8; python_version < "3.9"`. */
export type PythonRequirement = {
	/** PEP 503-normalised name. */
	readonly name: string;
	/** The name as written. */
	readonly rawName: string;
	readonly extras: string[];
	/** The version specifier without spaces or parentheses (`>=2.8,<3`), '' when none. */
	readonly specifier: string;
	/** The environment marker after `;`, when there is one. Kept, never evaluated. */
	readonly marker?: string;
	/** The URL after `@` for direct references (`name @ https://…`). */
	readonly url?: string;
};

const requirementPattern = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/s;

/** One PEP 440 clause: an operator and a version (wildcards and local versions allowed). */
const specifierClause = /^(?:~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$/;

/**
 * Parses a PEP 508 requirement (also the `name (>=1,<2)` form poetry writes in `[package.extras]`).
 * Returns undefined when the text does not start with a distribution name.
 */
export function parsePythonRequirement(text: string): PythonRequirement | undefined {
	const match = requirementPattern.exec(text);
	if (!match) return undefined;
	const rawName = match[1]!;
	const extras = (match[2] ?? '')
		.split(',')
		.map((extra) => extra.trim())
		.filter((extra) => extra !== '');
	let rest = match[3]!.trim();

	let url: string | undefined;
	let marker: string | undefined;
	if (rest.startsWith('@')) {
		// A URL requirement: the marker must be separated from the URL by whitespace (PEP 508).
		const urlMatch = /^@\s*(\S+)(?:\s+;\s*(.*))?$/s.exec(rest);
		if (!urlMatch) return undefined;
		url = urlMatch[1]!;
		marker = urlMatch[2]?.trim() || undefined;
		rest = '';
	} else {
		const semicolon = rest.indexOf(';');
		if (semicolon !== -1) {
			marker = rest.slice(semicolon + 1).trim() || undefined;
			rest = rest.slice(0, semicolon).trim();
		}
	}

	if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
	const specifier = rest.replace(/\s+/g, '');
	if (specifier !== '' && !specifier.split(',').every((clause) => specifierClause.test(clause)))
		return undefined;

	const requirement: {-readonly [K in keyof PythonRequirement]: PythonRequirement[K]} = {
		name: normalizePythonName(rawName),
		rawName,
		extras,
		specifier,
	};
	if (marker) requirement.marker = marker;
	if (url) requirement.url = url;
	return requirement;
}

/**
 * The one version a specifier pins: `==1.2.3` or `===1.2.3` alone (wildcards like `==1.2.*` and ranges pin
 * nothing). Returns undefined when the specifier allows more than one version.
 */
export function pinnedVersion(specifier: string): string | undefined {
	const match = /^\s*===?\s*([^,;\s*]+)\s*$/.exec(specifier);
	return match?.[1];
}

/**
 * Whether `version` satisfies a specifier from a lockfile. Understands PEP 440 and poetry's `||` alternatives;
 * anything it cannot judge (empty, `*`, poetry carets, non-PEP 440 versions) counts as satisfied, because this
 * is only used to choose between several locked versions of one name, never to reject a lockfile's own edge.
 */
export function satisfiesSpecifier(version: string, specifier: string | undefined): boolean {
	const spec = specifier?.trim() ?? '';
	if (spec === '' || spec === '*') return true;
	if (!valid(version)) return true;
	return spec.split('||').some((alternative) => {
		const cleaned = alternative.replace(/\s+/g, '');
		if (cleaned === '' || cleaned === '*' || !validRange(cleaned)) return true;
		return satisfies(version, cleaned);
	});
}
