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
