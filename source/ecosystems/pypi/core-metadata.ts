import {HttpFailure} from '../../registries/http.js';
import {isRecord} from '../../util/records.js';
import type {DeclaredDependency, DependencyList} from '../types.js';
import {parsePythonRequirement} from './lockfiles/python-requirement.js';
import {sourceOfReference} from './lockfiles/python-source.js';

/**
 * A release's declared dependencies, from either of PyPI's two sources: the core metadata file of a wheel
 * (`<file url>.metadata`, PEP 658/714: the wheel's own METADATA, exact `Requires-Dist:` lines), or the JSON
 * API's `info.requires_dist` for that version (taken from the first upload: null or incomplete for sdist-only
 * releases and dynamic metadata — said so).
 */

/** `Requires-Dist: name[extra]>=1; marker` lines → dependencies (the RFC 822-style header block only). */
export function parseCoreMetadata(text: string): DependencyList {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const values: string[] = [];
	let current: string | null = null;
	for (const line of lines) {
		if (line === '') break;
		if (/^[ \t]/.test(line)) {
			// A folded header continues the previous one.
			if (current !== null) current += ` ${line.trim()}`;
			continue;
		}

		if (current !== null) values.push(current);
		const match = /^Requires-Dist:\s*(.*)$/i.exec(line);
		current = match ? match[1]!.trim() : null;
	}

	if (current !== null) values.push(current);
	if (!/^Metadata-Version:/im.test(text) && !/^Name:/im.test(text))
		throw new HttpFailure('invalid', 'not a core metadata file');
	return {dependencies: values.flatMap(dependencyOf)};
}

/** `GET {pypi}pypi/<name>/<version>/json` → `info.requires_dist`. */
export function parseVersionJson(body: unknown): DependencyList {
	if (!isRecord(body) || !isRecord(body.info)) throw new HttpFailure('invalid', 'invalid PyPI response');
	const requires = body.info.requires_dist;
	if (requires === null || requires === undefined) {
		return {
			dependencies: [],
			caveat:
				'requires_dist is null in the PyPI JSON (no wheel metadata; an sdist declares its dependencies only when built): dependencies may be missing',
		};
	}

	if (!Array.isArray(requires)) throw new HttpFailure('invalid', 'invalid requires_dist');
	return {
		dependencies: requires.filter((item): item is string => typeof item === 'string').flatMap(dependencyOf),
	};
}

function dependencyOf(text: string): DeclaredDependency[] {
	const requirement = parsePythonRequirement(text);
	if (!requirement) return [];
	return [
		{
			name: requirement.name,
			range: requirement.specifier,
			kind: 'prod',
			...(requirement.extras.length > 0 ? {extras: requirement.extras} : {}),
			...(requirement.marker ? {marker: requirement.marker} : {}),
			...(requirement.url ? {source: sourceOfReference(requirement.url)} : {}),
			text: text.trim(),
		},
	];
}
