import {isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument} from 'yaml';
import {findDescriptor, parseNumber, parseSettingValue} from '../config/descriptors.js';
import {findEcosystem} from '../ecosystems/index.js';
import {LockfileError} from '../lockfiles/types.js';
import {failOnValues} from '../report/gate.js';
import type {FailOn} from '../report/types.js';
import type {Thresholds} from '../scoring/thresholds.js';
import {type RiskLevel, riskLevels} from '../scoring/types.js';
import {knownFlagIds} from './flag-ids.js';
import type {IgnoreRule, PackagePattern, Policy, TrustedPublisher} from './types.js';

/** The policy file commit-tui reads from the project root (or `--policy <file>`). */
export const policyFileName = '.commit-tui.yml';

/** A policy file that cannot be used: `file:line: message`, exit 2 (the CLI treats it as bad input). */
export class PolicyError extends LockfileError {}

const topLevelKeys = [
	'ignore',
	'thresholds',
	'failOn',
	'maxUnknown',
	'allowInstallScripts',
	'trustedPublishers',
] as const;
const ignoreKeys = ['package', 'flags', 'levels', 'reason', 'expires'] as const;

/**
 * Reads `.commit-tui.yml`:
 *
 * ```yaml
 * failOn: high                      # critical | high | moderate | none (--fail-on wins)
 * maxUnknown: 10%                   # share of packages that may be unknown before the gate exits 4
 * thresholds:                       # any thresholds.* setting, for this project
 *   cooldownDays: 7
 * ignore:
 *   - package: npm:left-pad@<2      # ecosystem:name, an optional version range, * wildcards in names
 *     flags: [deprecated]           # or levels: [critical]; neither = every finding of the package
 *     reason: vendored, never loaded at run time     # required
 *     expires: 2027-01-31           # optional: stops applying after that day, with a warning
 * allowInstallScripts: [npm:esbuild, sharp]
 * trustedPublishers: [npm:ljharb, sindresorhus]
 * ```
 *
 * Anything wrong — bad YAML, an unknown key, a missing reason, a bad date, range, level or flag — is a
 * PolicyError naming the file and the line.
 */
export function parsePolicy(file: string, text: string): Policy {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: true});
	const lineOf = (node: unknown): number | undefined => {
		const offset = (node as {range?: readonly number[]} | null)?.range?.[0];
		return offset === undefined ? undefined : lineCounter.linePos(offset).line;
	};

	const fail = (message: string, node?: unknown): never => {
		throw new PolicyError(file, message, lineOf(node));
	};

	const error = document.errors[0];
	if (error) {
		const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
		throw new PolicyError(file, `malformed YAML: ${message}`, error.linePos?.[0]?.line);
	}

	const policy = {
		file,
		ignore: [] as IgnoreRule[],
		thresholds: {} as Partial<Record<keyof Thresholds, number>>,
		failOn: undefined as FailOn | undefined,
		maxUnknown: undefined as number | undefined,
		allowInstallScripts: [] as Array<PackagePattern & {source: string}>,
		trustedPublishers: [] as TrustedPublisher[],
	};
	const contents = document.contents;
	if (contents === null || (isScalar(contents) && contents.value === null)) return policy;
	if (!isMap(contents)) fail('expected a mapping of policy keys at the top level', contents);
	const source = (node: unknown) => `${file}:${lineOf(node) ?? 1}`;

	for (const pair of (contents as {items: Pair[]}).items) {
		const key = keyOf(pair, fail);
		const value = pair.value as Node | null;
		switch (key) {
			case 'ignore':
				for (const item of sequence(value, key, fail)) policy.ignore.push(ignoreRule(item));
				break;
			case 'thresholds':
				Object.assign(policy.thresholds, thresholds(value));
				break;
			case 'failOn': {
				const text = String(scalar(value, key, fail))
					.trim()
					.toLowerCase();
				if (!(failOnValues as readonly string[]).includes(text)) {
					fail(`failOn must be one of ${failOnValues.join(', ')}, not "${text}"`, value);
				}

				policy.failOn = text as FailOn;
				break;
			}

			case 'maxUnknown':
				policy.maxUnknown =
					parseShare(scalar(value, key, fail)) ??
					fail('maxUnknown must be a share from 0 to 1 or a percentage (0.1, 10%)', value);
				break;
			case 'allowInstallScripts':
				for (const item of sequence(value, key, fail)) {
					policy.allowInstallScripts.push({...packagePattern(item, key), source: source(item)});
				}

				break;
			case 'trustedPublishers':
				for (const item of sequence(value, key, fail)) policy.trustedPublishers.push(publisher(item));
				break;
			default:
				fail(`unknown key "${key}" (known: ${topLevelKeys.join(', ')})`, pair.key);
		}
	}

	return policy;

	function ignoreRule(item: Node): IgnoreRule {
		if (!isMap(item)) fail('each ignore entry is a mapping with package and reason', item);
		const fields = new Map<string, Node | null>();
		for (const pair of (item as {items: Pair[]}).items) {
			const key = keyOf(pair, fail);
			if (!(ignoreKeys as readonly string[]).includes(key)) {
				fail(`unknown key "${key}" in an ignore entry (known: ${ignoreKeys.join(', ')})`, pair.key);
			}

			fields.set(key, pair.value as Node | null);
		}

		const packageNode = fields.get('package');
		if (!packageNode) fail('ignore entry without a package (ecosystem:name)', item);
		const reasonNode = fields.get('reason');
		const reason = reasonNode ? String(scalar(reasonNode, 'reason', fail) ?? '').trim() : '';
		if (reason === '')
			fail('ignore entry without a reason (say why the risk is accepted)', reasonNode ?? item);
		const flags = fields.has('flags') ? flagList(fields.get('flags')!) : undefined;
		const levels = fields.has('levels') ? levelList(fields.get('levels')!) : undefined;
		const expiresNode = fields.get('expires');
		const expires = expiresNode ? expiryDate(expiresNode) : undefined;
		return {
			package: packagePattern(packageNode!, 'package'),
			...(flags ? {flags} : {}),
			...(levels ? {levels} : {}),
			reason,
			...(expires ? {expires} : {}),
			source: source(item),
		};
	}

	function packagePattern(node: Node, key: string): PackagePattern {
		const text = String(scalar(node, key, fail) ?? '').trim();
		const parsed = parsePackagePattern(text);
		if (typeof parsed === 'string') return fail(parsed, node);
		return parsed;
	}

	function publisher(node: Node): TrustedPublisher {
		const text = String(scalar(node, 'trustedPublishers', fail) ?? '').trim();
		const colon = text.indexOf(':');
		const ecosystem = colon > 0 ? text.slice(0, colon) : undefined;
		if (ecosystem !== undefined && !findEcosystem(ecosystem)) {
			fail(`unknown ecosystem "${ecosystem}" in "${text}"`, node);
		}

		const account = colon > 0 ? text.slice(colon + 1) : text;
		if (account === '') fail('a trusted publisher needs an account name', node);
		return {...(ecosystem ? {ecosystem} : {}), account, source: source(node)};
	}

	function flagList(node: Node): string[] {
		return sequence(node, 'flags', fail).map((item) => {
			const id = String(scalar(item, 'flags', fail));
			if (!(knownFlagIds as readonly string[]).includes(id))
				fail(`unknown flag "${id}" (known: ${knownFlagIds.join(', ')})`, item);
			return id;
		});
	}

	function levelList(node: Node): RiskLevel[] {
		return sequence(node, 'levels', fail).map((item) => {
			const level = String(scalar(item, 'levels', fail)).toLowerCase();
			if (!(riskLevels as readonly string[]).includes(level)) {
				fail(`unknown level "${level}" (known: ${riskLevels.join(', ')})`, item);
			}

			return level as RiskLevel;
		});
	}

	function expiryDate(node: Node): string {
		const text = String(scalar(node, 'expires', fail)).trim();
		const valid =
			/^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
		if (!valid) fail(`expires must be a date (YYYY-MM-DD), not "${text}"`, node);
		return text;
	}

	function thresholds(node: Node | null): Partial<Record<keyof Thresholds, number>> {
		if (!isMap(node)) return fail('thresholds is a mapping of threshold names to values', node ?? undefined);
		const result: Partial<Record<keyof Thresholds, number>> = {};
		for (const pair of (node as {items: Pair[]}).items) {
			const key = keyOf(pair, fail);
			const descriptor = findDescriptor(`thresholds.${key}`);
			if (!descriptor) fail(`unknown threshold "${key}" (see commit-tui config get thresholds)`, pair.key);
			const parsed = parseSettingValue(descriptor!, String(scalar(pair.value as Node, key, fail)));
			if (!parsed.ok)
				fail(parsed.error.replace(`thresholds.${key}`, `thresholds.${key} in the policy`), pair.value);
			else result[key as keyof Thresholds] = parsed.value as number;
		}

		return result;
	}
}

/** Parses `npm:left-pad`, `npm:@scope/name@^1`, `pypi:requests@>=2,<3`, or a bare name; a string = the error. */
export function parsePackagePattern(text: string): PackagePattern | string {
	if (text === '') return 'a package is written ecosystem:name (npm:left-pad)';
	const colon = text.indexOf(':');
	const prefix = colon > 0 ? text.slice(0, colon) : undefined;
	const ecosystem = prefix && findEcosystem(prefix) ? prefix : undefined;
	if (prefix && !ecosystem && !/^@/.test(text)) {
		return `unknown ecosystem "${prefix}" in "${text}" (known: npm, pypi, cargo)`;
	}

	const rest = ecosystem ? text.slice(colon + 1) : text;
	const at = rest.indexOf('@', 1);
	const name = at > 0 ? rest.slice(0, at) : rest;
	const range = at > 0 ? rest.slice(at + 1).trim() : undefined;
	if (name === '') return `no package name in "${text}"`;
	if (range !== undefined) {
		if (!ecosystem) return `"${text}": a version range needs the ecosystem (npm:${rest})`;
		const check = findEcosystem(ecosystem)!.versions.satisfies?.('0.0.0', range);
		if (check === null || check === undefined)
			return `"${range}" is not a version range ${ecosystem} understands`;
	}

	return {...(ecosystem ? {ecosystem} : {}), name, ...(range ? {range} : {}), text};
}

/** `0.1`, `10%`, `10 %` → 0.1; null when it is not a share from 0 to 1. */
export function parseShare(value: unknown): number | null {
	const text = String(value ?? '').trim();
	const percent = text.endsWith('%');
	const number = percent ? parseNumber(text.slice(0, -1).trim()) : parseNumber(text);
	if (number === null) return null;
	const share = percent ? number / 100 : number;
	return share >= 0 && share <= 1 ? share : null;
}

function keyOf(pair: Pair, fail: (message: string, node?: unknown) => never): string {
	if (!isScalar(pair.key) || typeof pair.key.value !== 'string')
		return fail('keys must be plain names', pair.key);
	return pair.key.value;
}

function scalar(node: Node | null, key: string, fail: (message: string, node?: unknown) => never): unknown {
	if (!isScalar(node)) return fail(`${key} must be a single value`, node ?? undefined);
	return node.value;
}

/** A list, or one item written alone (`flags: cooldown`). */
function sequence(node: Node | null, key: string, fail: (message: string, node?: unknown) => never): Node[] {
	if (isSeq(node)) return node.items as Node[];
	if (isScalar(node) && node.value !== null) return [node];
	return fail(`${key} must be a list`, node ?? undefined);
}
