import {render} from 'ink-testing-library';
import type {ExportScope} from '../../source/cli/export.js';
import {defaultSettings, type ExportFormat, type Settings} from '../../source/config/settings.js';
import type {DependencyGraph} from '../../source/graph/types.js';
import {scorePackage} from '../../source/scoring/score.js';
import {App, type AppProps} from '../../source/ui/app.js';
import {FakeScan, fixedNow, makeFacts, makeGraph} from './ink-fixtures.js';
import {widen} from './terminal.js';

/**
 * The whole App under ink-testing-library with fakes: a FakeScan per start (the test pushes facts), the real
 * scorer at `fixedNow` with the live settings, an exporter that records its calls. Unmount with `unmount()`
 * (or `cleanupApp()` in an afterEach).
 */

/** web-app → express, axios; debug shared by express and follow-redirects. */
export const webAppGraph: DependencyGraph = makeGraph({
	'web-app': ['express@4.21.2', 'axios@1.7.9'],
	'express@4.21.2': ['qs@6.13.0', 'debug@2.6.9'],
	'axios@1.7.9': ['follow-redirects@1.15.9', 'form-data@4.0.1'],
	'debug@2.6.9': ['ms@2.0.0'],
	'qs@6.13.0': [],
	'follow-redirects@1.15.9': ['debug@2.6.9'],
	'form-data@4.0.1': [],
	'ms@2.0.0': [],
});

export type AppHarness = ReturnType<typeof render> & {
	scans: FakeScan[];
	exported: Array<{format: ExportFormat; scope: ExportScope; settings: Settings}>;
	signals: AbortSignal[];
};

let mounted: AppHarness | null = null;

/** Unmount the App of the last `setupApp` (for afterEach). */
export function cleanupApp(): void {
	mounted?.unmount();
	mounted = null;
}

export function setupApp(overrides: Partial<AppProps> = {}): AppHarness {
	const scans: FakeScan[] = [];
	const signals: AbortSignal[] = [];
	const exported: AppHarness['exported'] = [];
	const props: AppProps = {
		graph: webAppGraph,
		settings: defaultSettings,
		startScan: (signal) => {
			signals.push(signal);
			const scan = new FakeScan(signal);
			scans.push(scan);
			return scan;
		},
		score: (id, facts, settings) => scorePackage(id, facts, settings.thresholds, fixedNow),
		exportReport: async (format, scope, _data, settings) => {
			exported.push({format, scope, settings});
			return `/tmp/commit-tui-web-app.${format}`;
		},
		saveSettings: () => {},
		lockfileLabel: 'web-app/package-lock.json',
		offline: false,
		now: fixedNow,
		initialSize: {columns: 100, rows: 30},
		flushMs: 5,
		prioritizeMs: 5,
		colorAllowed: false,
		...overrides,
	};
	const rendered = render(<App {...props} />);
	// The terminal as wide as the app's screen, from the first frame the test can wait for on.
	widen(rendered, props.initialSize?.columns ?? 100);
	rendered.rerender(<App {...props} />);
	mounted = {...rendered, scans, exported, signals};
	return mounted;
}

/** Push the facts of `name@version` (npm) into a scan. */
export function pushFacts(scan: FakeScan, key: string, options: Parameters<typeof makeFacts>[2] = {}): void {
	const at = key.lastIndexOf('@');
	scan.push({
		type: 'facts',
		id: `npm:${key}`,
		facts: makeFacts(key.slice(0, at), key.slice(at + 1), options),
	});
}

/** The line of the frame the cursor is on. */
export const cursorLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';
