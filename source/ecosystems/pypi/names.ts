/**
 * PEP 503 name normalisation: `Django`, `typing_extensions` and `zope.interface` are looked up on PyPI as
 * `django`, `typing-extensions` and `zope-interface`. Every Python reader uses this for ids AND edges, so the
 * same package written two ways in one lockfile is one node.
 */
export function normalizePythonName(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[-_.]+/g, '-');
}

/** A PEP 508 project name: letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
export function isValidPythonName(name: string): boolean {
	return name.length <= 200 && /^([a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i.test(name);
}
