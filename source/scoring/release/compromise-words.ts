/**
 * Does a deprecation message or yank reason say the release was an attack? Maintainers who find a hijacked release
 * of theirs deprecate it at once ("This version was compromised, use 1.3.2") — npm removes a version only on
 * request, and only after review, so for hours or days the deprecation is the only mark on it (DuckDB's 1.3.3 in
 * the chalk/debug wave of 2025). PyPI's and crates.io's yank reasons are used the same way.
 *
 * Words that describe an attack on the release itself, not a vulnerability in it: "malicious" alone is not
 * enough ("a malicious regex can hang the parser" is a ReDoS notice), nor is "security" ("deprecated for
 * security reasons, upgrade"). A false positive here makes a healthy version high, so the list stays narrow.
 */
const compromisePhrases: readonly RegExp[] = [
	/\bcompromised\b/i,
	/\bsecurity compromise\b/i,
	/\bmalware\b/i,
	/\bcontains? malicious\b/i,
	/\bmalicious (?:code|version|release|publish(?:ed)?|package|update|payload was)\b/i,
	/\b(?:hijacked|backdoor(?:ed)?)\b/i,
	/\bunauthori[sz]ed (?:publish(?:ed|ing)?|release|version|upload)\b/i,
	/\b(?:published|released|uploaded) without (?:our )?authori[sz]ation\b/i,
	/\baccount takeover\b/i,
	/\bstolen (?:npm |pypi |crates\.io )?(?:token|credentials?)\b/i,
	/\bsupply[- ]chain attack\b/i,
];

/** The phrase that says so, as written, or null. O(message length × phrases). */
export function compromiseWording(message: string | null | undefined): string | null {
	if (!message) return null;
	for (const phrase of compromisePhrases) {
		const match = phrase.exec(message);
		if (match) return match[0];
	}

	return null;
}
