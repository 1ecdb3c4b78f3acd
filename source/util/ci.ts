/** The variables CI services set (and ink's is-in-ci reads). */
const ciVariables = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * Whether this run is in CI, by the variables CI services set: `CI` or `CONTINUOUS_INTEGRATION` with a value
 * other than empty, `0` or `false` (any case). One answer for the whole program: it makes `--fail-on` default
 * to `high`, and it keeps the interactive UI off even where a CI service gives the job a terminal (a UI there
 * would wait for keys nobody types).
 */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
	return ciVariables.some((name) => {
		const value = env[name]?.trim().toLowerCase();
		return value !== undefined && value !== '' && value !== '0' && value !== 'false';
	});
}

/**
 * Loads a module that brings ink in, with ink seeing what `isCi` sees. ink decides "in CI" once, as it is first
 * loaded (the is-in-ci package: `CI` present even when empty, or `CONTINUOUS_INTEGRATION`), and then draws nothing
 * until exit: a leftover `CI=` in a shell would leave the UI blank. Those variables are hidden while it loads,
 * and put back.
 */
export async function loadWithInkForTerminal<T>(load: () => Promise<T>, env = process.env): Promise<T> {
	const hidden = new Map<string, string>();
	if (!isCi(env)) {
		for (const name of ciVariables) {
			const value = env[name];
			if (value === undefined) continue;
			hidden.set(name, value);
			delete env[name];
		}
	}

	try {
		return await load();
	} finally {
		for (const [name, value] of hidden) env[name] = value;
	}
}
