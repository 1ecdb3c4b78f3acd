import {satisfies, validRange} from '@renovatebot/pep440';
import {normalizePythonName} from './names.js';

/**
 * PEP 508 environment markers: `python_version < "3.11"`, `sys_platform == "win32" and extra == "socks"`.
 * Parsed once into a small tree and evaluated for a target environment, the way `packaging.markers` does it:
 * a comparison whose right side (with the operator) is a valid PEP 440 specifier compares versions
 * (pre-releases included), anything else compares strings; `in` / `not in` test substrings, or membership
 * for the set-valued `extras` and `dependency_groups` of PEP 751; `extra` values are compared normalised
 * (PEP 685). Either side may be the variable (`"3.8" <= python_version`).
 */

/** Variable name → its value in the target environment (a set for PEP 751's `extras`, `dependency_groups`). */
export type MarkerEnvironment = Readonly<Record<string, string | ReadonlySet<string>>>;

type Value = {readonly variable: string} | {readonly literal: string};

export type MarkerNode =
	| {readonly type: 'and' | 'or'; readonly left: MarkerNode; readonly right: MarkerNode}
	| {readonly type: 'compare'; readonly left: Value; readonly op: string; readonly right: Value};

/** The variables PEP 508 defines (plus PEP 751's sets); any other name is not a marker. */
const variables = new Set([
	'python_version',
	'python_full_version',
	'os_name',
	'sys_platform',
	'platform_release',
	'platform_system',
	'platform_version',
	'platform_machine',
	'platform_python_implementation',
	'implementation_name',
	'implementation_version',
	'extra',
	'extras',
	'dependency_groups',
	// Old spellings setuptools still accepts.
	'os.name',
	'sys.platform',
	'platform.version',
	'platform.machine',
	'platform.python_implementation',
	'python_implementation',
]);

const aliases: Record<string, string> = {
	'os.name': 'os_name',
	'sys.platform': 'sys_platform',
	'platform.version': 'platform_version',
	'platform.machine': 'platform_machine',
	'platform.python_implementation': 'platform_python_implementation',
	python_implementation: 'platform_python_implementation',
};

type Token =
	| {readonly kind: 'paren'; readonly value: '(' | ')'}
	| {readonly kind: 'string'; readonly value: string}
	| {readonly kind: 'word'; readonly value: string}
	| {readonly kind: 'op'; readonly value: string};

function tokenize(text: string): Token[] | null {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index]!;
		if (/\s/.test(char)) {
			index++;
			continue;
		}

		if (char === '(' || char === ')') {
			tokens.push({kind: 'paren', value: char});
			index++;
			continue;
		}

		if (char === '"' || char === "'") {
			const end = text.indexOf(char, index + 1);
			if (end === -1) return null;
			tokens.push({kind: 'string', value: text.slice(index + 1, end)});
			index = end + 1;
			continue;
		}

		const op = /^(===|==|!=|<=|>=|~=|<|>)/.exec(text.slice(index));
		if (op) {
			tokens.push({kind: 'op', value: op[1]!});
			index += op[1]!.length;
			continue;
		}

		const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(index));
		if (!word) return null;
		tokens.push({kind: 'word', value: word[0]});
		index += word[0].length;
	}

	return tokens;
}

/** Parses a marker; null when it is not valid PEP 508. */
export function parseMarker(text: string): MarkerNode | null {
	const tokens = tokenize(text);
	if (!tokens || tokens.length === 0) return null;
	let position = 0;
	const peek = () => tokens[position];
	const isWord = (value: string) => {
		const token = peek();
		return token?.kind === 'word' && token.value === value;
	};

	const value = (): Value | null => {
		const token = tokens[position];
		if (!token) return null;
		if (token.kind === 'string') {
			position++;
			return {literal: token.value};
		}

		if (token.kind === 'word' && variables.has(token.value)) {
			position++;
			return {variable: aliases[token.value] ?? token.value};
		}

		return null;
	};

	const operator = (): string | null => {
		const token = tokens[position];
		if (!token) return null;
		if (token.kind === 'op') {
			position++;
			return token.value;
		}

		if (isWord('in')) {
			position++;
			return 'in';
		}

		if (isWord('not') && tokens[position + 1]?.kind === 'word' && tokens[position + 1]!.value === 'in') {
			position += 2;
			return 'not in';
		}

		return null;
	};

	const atom = (): MarkerNode | null => {
		const token = peek();
		if (token?.kind === 'paren' && token.value === '(') {
			position++;
			const inner = or();
			const close = peek();
			if (!inner || close?.kind !== 'paren' || close.value !== ')') return null;
			position++;
			return inner;
		}

		const left = value();
		const op = left ? operator() : null;
		const right = op ? value() : null;
		if (!left || !op || !right) return null;
		return {type: 'compare', left, op, right};
	};

	const chain = (type: 'and' | 'or', next: () => MarkerNode | null) => (): MarkerNode | null => {
		let left = next();
		while (left && isWord(type)) {
			position++;
			const right = next();
			if (!right) return null;
			left = {type, left, right};
		}

		return left;
	};

	const and = chain('and', atom);
	const or = chain('or', and);
	const tree = or();
	return tree && position === tokens.length ? tree : null;
}

/** Evaluates a parsed marker. `extra` is the one extra being asked about ('' for none). */
export function evaluateMarker(node: MarkerNode, environment: MarkerEnvironment): boolean {
	if (node.type !== 'compare') {
		const left = evaluateMarker(node.left, environment);
		return node.type === 'and'
			? left && evaluateMarker(node.right, environment)
			: left || evaluateMarker(node.right, environment);
	}

	const variable =
		'variable' in node.left ? node.left.variable : 'variable' in node.right ? node.right.variable : '';
	const resolve = (value: Value): string | ReadonlySet<string> =>
		'literal' in value ? value.literal : (environment[value.variable] ?? '');
	let left = resolve(node.left);
	let right = resolve(node.right);
	if (variable === 'extra' || variable === 'extras' || variable === 'dependency_groups') {
		const normalise = (item: string | ReadonlySet<string>) =>
			typeof item === 'string' ? normalizePythonName(item) : new Set([...item].map(normalizePythonName));
		left = normalise(left);
		right = normalise(right);
	}

	return compare(left, node.op, right);
}

function compare(
	left: string | ReadonlySet<string>,
	op: string,
	right: string | ReadonlySet<string>,
): boolean {
	if (op === 'in' || op === 'not in') {
		const found =
			typeof right === 'string'
				? typeof left === 'string' && right.includes(left)
				: typeof left === 'string' && right.has(left);
		return op === 'in' ? found : !found;
	}

	if (typeof left !== 'string' || typeof right !== 'string') return false;
	// As packaging does: the operator with the right side, when that is a PEP 440 specifier, compares versions.
	const specifier = `${op}${right}`;
	if (op !== '===' && validRange(specifier)) return satisfies(left, specifier, {prereleases: true});
	switch (op) {
		case '==':
		case '===':
			return left === right;
		case '!=':
			return left !== right;
		case '<':
			return left < right;
		case '<=':
			return left <= right;
		case '>':
			return left > right;
		case '>=':
			return left >= right;
		default:
			return false;
	}
}

const parsed = new Map<string, MarkerNode | null>();

/**
 * Whether a marker holds in the environment for any of the extras asked for (or none): `extra == "socks"` holds
 * when `socks` was asked for. A marker that does not parse counts as true — a dependency is shown rather than
 * silently left out.
 */
export function markerHolds(
	marker: string,
	environment: MarkerEnvironment,
	extras: ReadonlySet<string> = new Set(),
): boolean {
	let node = parsed.get(marker);
	if (node === undefined) {
		node = parseMarker(marker);
		parsed.set(marker, node);
	}

	if (!node) return true;
	for (const extra of ['', ...extras]) {
		if (evaluateMarker(node, {...environment, extra, extras: new Set(extras)})) return true;
	}

	return false;
}
