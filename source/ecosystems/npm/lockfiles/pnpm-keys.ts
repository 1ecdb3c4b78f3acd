import {splitDescriptor} from './yarn-spec.js';

/**
 * pnpm package keys and dependency references across lockfile generations:
 * - 5.x: `/name/1.0.0`, `/@scope/name/1.0.0`, peers as `_peer@1.0.0+@scope+other@2.0.0` (or a hash);
 * - 6.x: `/name@1.0.0`, `/@scope/name@1.0.0`, peers as `(peer@1.0.0)(other@2.0.0)`;
 * - 9.x: `name@1.0.0(peer@1.0.0)` (no leading slash); `packages` has the key without the peer suffix.
 * Non-registry keys (`file:../x`, `github.com/u/r/sha`, `name@https://…`) carry `name`/`version` fields.
 */

export type PnpmGeneration = 5 | 6 | 9;

/** A key split into the package it installs and the peers its suffix resolved (name → version). */
export type ParsedKey = {
	readonly name: string;
	/** The version, or for keys without one (`file:../x`) the part after the name. */
	readonly version: string;
	/** The key without its peer suffix (the `packages` key in 9.x). */
	readonly base: string;
	readonly peers: ReadonlyMap<string, string>;
	/** 5.x replaces a long peer suffix by a hash: the peers are resolved but unknown. */
	readonly peersHashed: boolean;
};

/** Splits a package or snapshot key; undefined when it does not have the shape of a registry key. */
export function parseKey(key: string, generation: PnpmGeneration): ParsedKey | undefined {
	if (generation === 5) return parseKeyV5(key);
	const {head, groups} = splitParenthesised(key);
	const descriptor = head.startsWith('/') ? head.slice(1) : head;
	const {name, range} = splitDescriptor(descriptor);
	if (name === '' || range === '') return undefined;
	const peers = new Map<string, string>();
	for (const group of groups) {
		const peer = splitDescriptor(splitParenthesised(group).head);
		if (peer.name !== '' && peer.range !== '') peers.set(peer.name, peer.range);
	}

	return {name, version: range, base: head, peers, peersHashed: false};
}

function parseKeyV5(key: string): ParsedKey | undefined {
	if (!key.startsWith('/')) return undefined;
	const segments = key.slice(1).split('/');
	const nameLength = segments[0]?.startsWith('@') ? 2 : 1;
	if (segments.length !== nameLength + 1) return undefined;
	const name = segments.slice(0, nameLength).join('/');
	const last = segments[nameLength]!;
	const underscore = last.indexOf('_');
	const version = underscore === -1 ? last : last.slice(0, underscore);
	if (name === '' || version === '') return undefined;
	const peers = new Map<string, string>();
	if (underscore !== -1) {
		// `_a@1.0.0+@types+b@2.0.0`: `+` joins peers and also stands for `/` in scoped names.
		const parts = last.slice(underscore + 1).split('+');
		for (let index = 0; index < parts.length; index++) {
			let part = parts[index]!;
			if (part.startsWith('@') && !part.slice(1).includes('@') && index + 1 < parts.length) {
				part = `${part}/${parts[++index]!}`;
			}

			const peer = splitDescriptor(part);
			if (peer.name !== '' && peer.range !== '') peers.set(peer.name, peer.range);
		}
	}

	const peersHashed = underscore !== -1 && peers.size === 0;
	return {name, version, base: `/${name}/${version}`, peers, peersHashed};
}

/**
 * The keys a dependency `name: reference` may point to, most likely first. A reference is a version
 * (`1.0.0`, with a peer suffix), a full key (`/real/1.0.0`, `/real@1.0.0`, 9.x `real@1.0.0` for an alias),
 * or a non-registry key (`file:../x`, `github.com/…`).
 */
export function candidateKeys(name: string, reference: string, generation: PnpmGeneration): string[] {
	if (generation === 9) return [`${name}@${reference}`, reference];
	if (reference.startsWith('/')) return [reference];
	const own = generation === 5 ? `/${name}/${reference}` : `/${name}@${reference}`;
	return looksLikeVersion(reference) ? [own, reference] : [reference, own];
}

function looksLikeVersion(reference: string): boolean {
	return /^\d/.test(reference) && !reference.includes('/');
}

/** `a@1(b@2(c@3))(d@4)` → head `a@1`, groups [`b@2(c@3)`, `d@4`]. */
function splitParenthesised(text: string): {head: string; groups: string[]} {
	const open = text.indexOf('(');
	if (open === -1) return {head: text, groups: []};
	const groups: string[] = [];
	let depth = 0;
	let start = open;
	for (let index = open; index < text.length; index++) {
		const character = text[index];
		if (character === '(') {
			if (depth === 0) start = index + 1;
			depth++;
		} else if (character === ')') {
			depth--;
			if (depth === 0) groups.push(text.slice(start, index));
		}
	}

	return {head: text.slice(0, open), groups};
}
