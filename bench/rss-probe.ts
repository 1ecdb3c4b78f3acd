// Loaded with `node --import ./dist/bench/rss-probe.js` so a benchmark can read a child's peak memory:
// on exit the child writes its max resident set size (bytes) to the file named in COMMIT_TUI_RSS_FILE.
import {writeFileSync} from 'node:fs';

const target = process.env.COMMIT_TUI_RSS_FILE;
if (target) {
	process.on('exit', () => {
		writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
	});
}
