import {pathToFileURL} from 'node:url';
import {FactsCache} from '../../source/cache/index.js';

/**
 * One side of a test of several processes sharing a cache folder (test/cache/facts-cache.test.ts):
 * `write <dir> <writer> <count>` writes `count` entries in batches of ten (a segment each);
 * `compact <dir> <times>` compacts the folder that many times, as fast as it can;
 * `exit <dir> <writer> <count>` writes `count` entries, never flushes, and ends with `process.exit`.
 */
async function main(): Promise<void> {
	const [mode, directory, ...rest] = process.argv.slice(2);
	const cache = new FactsCache(directory!);
	if (mode === 'write' || mode === 'exit') {
		const [writer, count] = rest;
		for (let index = 0; index < Number(count); index++) {
			cache.write({
				key: {
					kind: 'metadata',
					ecosystem: 'npm',
					name: `${writer}-${index}`,
					baseUrl: 'https://registry.npmjs.org/',
				},
				etag: null,
				fetchedAt: new Date().toISOString(),
				url: 'https://registry.npmjs.org/x',
				value: {writer, index},
				missing: null,
			});
			if (mode === 'write' && index % 10 === 9) await cache.flush();
		}

		if (mode === 'exit') process.exit(0);
		await cache.flush();
	} else if (mode === 'compact') {
		for (let round = 0; round < Number(rest[0]); round++) {
			await cache.compact();
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
