// Loaded with `node --import ./dist/bench/cpu-probe.js` so the large-tree UI bench can read a child's CPU time:
// on exit the child writes `{"cpuMs": …, "maxRss": …}` to the file named in COMMIT_TUI_CPU_FILE.
import {writeFileSync} from 'node:fs';

const target = process.env.COMMIT_TUI_CPU_FILE;
if (target) {
	process.on('exit', () => {
		const usage = process.resourceUsage();
		const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
		writeFileSync(target, JSON.stringify({cpuMs, maxRss: usage.maxRSS * 1024}));
	});
}
