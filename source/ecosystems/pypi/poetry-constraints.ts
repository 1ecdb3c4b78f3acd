/**
 * Poetry's version constraints (`^1.2.3`, `~1.2`, `1.2.*`, `>=1,<2`, `1.2.3`, `*`) as PEP 440 specifiers, as
 * poetry-core reads them: a caret allows changes that do not modify the left-most non-zero component, a tilde
 * allows patch changes (minor changes when only the major is given), a bare version is exact.
 */

/** One constraint, or null when it is not poetry syntax we know (then the text is used as it is). */
function clause(text: string): string[] | null {
	const trimmed = text.trim();
	if (trimmed === '' || trimmed === '*') return [];
	const caret = /^\^\s*(\d+(?:\.\d+)*)$/.exec(trimmed);
	if (caret) {
		const parts = caret[1]!.split('.').map(Number);
		const index = parts.findIndex((part) => part !== 0);
		// ^0.0 bumps the last given component; ^0 bumps the major.
		const bump = index === -1 ? Math.max(0, parts.length - 1) : index;
		const upper = parts.slice(0, bump + 1).map((part, position) => (position === bump ? part + 1 : part));
		while (upper.length < Math.min(parts.length, 3)) upper.push(0);
		return [`>=${caret[1]}`, `<${upper.join('.')}`];
	}

	const tilde = /^~(?!=)\s*(\d+(?:\.\d+)*)$/.exec(trimmed);
	if (tilde) {
		const parts = tilde[1]!.split('.').map(Number);
		const bump = parts.length === 1 ? 0 : 1;
		const upper = parts.slice(0, bump + 1).map((part, position) => (position === bump ? part + 1 : part));
		return [`>=${tilde[1]}`, `<${upper.join('.')}${bump === 1 && parts.length > 2 ? '.0' : ''}`];
	}

	if (/^\d/.test(trimmed)) return [`==${trimmed}`];
	const single = /^=\s*(\d.*)$/.exec(trimmed);
	if (single) return [`==${single[1]}`];
	const operator = /^(~=|===|==|!=|<=|>=|<|>)\s*(.+)$/.exec(trimmed);
	if (operator) return [`${operator[1]}${operator[2]!.trim()}`];
	return null;
}

/**
 * A poetry constraint as a PEP 440 specifier. `||` alternatives cannot be written in PEP 440: the last one (in
 * practice the newest) is used.
 */
export function poetryToPep440(constraint: string): string {
	const alternatives = constraint.split('||');
	const chosen = alternatives[alternatives.length - 1] ?? '';
	const clauses: string[] = [];
	for (const part of chosen.split(/\s*,\s*|\s+(?=[<>=!~^\d])/)) {
		const converted = clause(part);
		if (converted === null) return chosen.replace(/\s+/g, '');
		clauses.push(...converted);
	}

	return clauses.join(',');
}

/** Poetry's `python = "^3.8"` as a PEP 508 marker on the target Python's full version. */
export function pythonConstraintMarker(constraint: string): string | undefined {
	const specifier = poetryToPep440(constraint);
	if (specifier === '') return undefined;
	return specifier
		.split(',')
		.map((item) => {
			const match = /^(~=|===|==|!=|<=|>=|<|>)(.+)$/.exec(item);
			return match ? `python_full_version ${match[1]} "${match[2]}"` : 'python_full_version >= "0"';
		})
		.join(' and ');
}
