// Loaded with `node --import ./dist/bench/rss-probe.js` so a benchmark can read a child's peak memory and CPU:
// on exit the child writes `{"maxRss": bytes, "cpuMs": user + system}` to the file named in COMMIT_TUI_RSS_FILE.
import {writeFileSync} from 'node:fs';

const target = process.env.COMMIT_TUI_RSS_FILE;
if (target) {
	process.on('exit', () => {
		const usage = process.resourceUsage();
		writeFileSync(
			target,
			JSON.stringify({maxRss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000}),
		);
	});
}
