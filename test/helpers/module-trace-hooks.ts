import {appendFileSync} from 'node:fs';

/**
 * Module resolution hooks that append every resolved URL to the file named in COMMIT_TUI_MODULE_TRACE.
 * Registered by module-trace.ts in a child process, so a test can see which modules a run loaded.
 */
type Resolve = (
	specifier: string,
	context: unknown,
	next: (specifier: string, context: unknown) => Promise<{url: string}>,
) => Promise<{url: string}>;

export const resolve: Resolve = async (specifier, context, next) => {
	const result = await next(specifier, context);
	const target = process.env.COMMIT_TUI_MODULE_TRACE;
	if (target) appendFileSync(target, `${result.url}\n`);
	return result;
};
