import os from 'node:os';
import {Box, type Key, useApp, useInput, useStdin, useStdout} from 'ink';
import {
	type ReactNode,
	useCallback,
	useEffect,
	useLayoutEffect,
	useMemo,
	useReducer,
	useRef,
	useState,
} from 'react';
import {resolveExportDirectory} from '../cli/export.js';
import type {Settings} from '../config/settings.js';
import type {Scan} from '../scan/types.js';
import {colorAllowed, colorOn, terminalColorLevel} from '../text/color.js';
import {Header} from './components/Header.js';
import {helpLines} from './components/help.js';
import {Line} from './components/Line.js';
import {PublishersView} from './components/PublishersView.js';
import {ScrollPage} from './components/ScrollPage.js';
import {SidePane} from './components/SidePane.js';
import {TreeView} from './components/TreeView.js';
import {createReportStore, type ReportStore} from './data/store.js';
import {ExportView} from './export/ExportDialog.js';
import {fitColumns} from './format/columns.js';
import type {DetailInput} from './format/detail.js';
import {DetailCache, type PaneLines} from './format/detail-cache.js';
import {createPalette} from './format/palette.js';
import {headerPath, headerTitle, statusForms} from './format/status.js';
import {separatorLine, summaryLines} from './format/summary.js';
import {whyLines} from './format/why.js';
import {wrapLines} from './format/wrap.js';
import {useNow} from './hooks/use-now.js';
import {usePrioritize} from './hooks/use-prioritize.js';
import {readSize, useTerminalSize} from './hooks/use-terminal-size.js';
import {routeKey} from './input/keymap.js';
import type {KeyPress} from './input/keys.js';
import {keyPresses} from './input/keys.js';
import {computeLayout} from './layout.js';
import {SettingsView} from './settings/SettingsScreen.js';
import type {Action} from './state/actions.js';
import {createInitialState, reducer, visiblePublishers} from './state/reducer.js';
import type {TerminalSize, UiState} from './state/types.js';
import {copyToClipboard} from './system/clipboard.js';
import {openInBrowser} from './system/open-url.js';
import {isFiltering} from './tree/view.js';
import type {TuiOptions} from './types.js';

export type AppProps = TuiOptions & {
	/** Fixed clock (tests). */
	readonly now?: Date;
	/** Size before the first resize event; default the stdout's (80×24 when unknown). */
	readonly initialSize?: TerminalSize;
	/** Store batching interval (ms). */
	readonly flushMs?: number;
	/**
	 * What ink's last frame cost to lay out and turn into text, ms (run.tsx reads it from ink's `onRender`): part
	 * of a flush's cost, which paces the next one. Absent (tests): only React's part is counted.
	 */
	readonly frameCost?: () => number;
	/** Prioritisation debounce (ms). */
	readonly prioritizeMs?: number;
	/** A store created by the caller (benchmarks pre-fill it). */
	readonly store?: ReportStore;
};

type AppEvent = Action | {readonly type: 'key'; readonly press: KeyPress};

/**
 * Keys are routed against the CURRENT state inside the reducer, one press at a time, so a burst (`jjjjj`,
 * `↓` + Enter, a paste) never hits a stale mode or a stale overlay. In the tree, a key also retires the
 * previous notice ("sort: risk", "Wrote …"): messages never go stale.
 */
function appReducer(state: UiState, event: AppEvent): UiState {
	if (event.type !== 'key') return reducer(state, event);
	const from =
		state.mode === 'tree' && state.message ? {...state, message: null, messageUntilScanEnd: false} : state;
	return routeKey(event.press, from).reduce(reducer, from);
}

/** A root's summary has no registry page to open: `y` copies the root's name there. */
function detailFooter(onRoot: boolean): string {
	return onRoot
		? '↑↓ scroll · e export · y copy the name · Esc back'
		: '↑↓ scroll · w why-paths · e export · y copy · o open page · Esc back';
}

/** `~/…` for paths under the home folder: shorter, and what the user would type. */
function displayPath(path: string, home = os.homedir()): string {
	return home && (path === home || path.startsWith(`${home}/`)) ? `~${path.slice(home.length)}` : path;
}

/** The settings scoring reads: a change to any of them rescores what is in memory at once. */
function scoringKey(settings: Settings): string {
	return JSON.stringify([settings.thresholds, settings.tiers, settings.byEcosystem]);
}

const noPane: PaneLines = {lines: [], more: 0};

/** The whole interactive screen. Owns the one `exit()`: quitting aborts the scan and stops every timer first. */
export function App(props: AppProps) {
	// What a render of the whole screen costs (this render through the commit and ink's frame): paces the flushes.
	const renderStarted = performance.now();
	const {offline} = props;
	const {exit} = useApp();
	const {stdout} = useStdout();
	const {isRawModeSupported} = useStdin();
	// The live settings are the reducer's (`state.settings`); the store scores with whatever they are now.
	const settingsRef = useRef<Settings>(props.settings);
	const {score, scoreWithTree, withTree, judge} = props;
	const [store] = useState(
		() =>
			props.store ??
			createReportStore({
				graph: props.graph,
				score: (id, facts) => score(id, facts, settingsRef.current),
				scoreWithTree: scoreWithTree
					? (id, facts, tree) => scoreWithTree(id, facts, tree, settingsRef.current)
					: undefined,
				withTree: withTree ? (report, tree) => withTree(report, tree, settingsRef.current) : undefined,
				judge,
				flushMs: props.flushMs,
				frameCost: props.frameCost,
			}),
	);
	const [state, dispatch] = useReducer(appReducer, undefined, () => {
		const initial = createInitialState({
			graph: props.graph,
			settings: props.settings,
			size: props.initialSize ?? readSize(stdout),
			data: store.getSnapshot(),
			offline: props.offline,
		});
		const warnings = props.graph.warnings.length;
		return warnings === 0
			? initial
			: {
					...initial,
					message: `${warnings} lockfile ${warnings === 1 ? 'warning' : 'warnings'}: Enter on the root lists them`,
				};
	});

	// The graph the rows show: the scan grows it while it resolves versions and edges.
	const {graph} = state;

	// Streamed data: one dispatch per store flush.
	useEffect(() => store.subscribe(() => dispatch({type: 'data', data: store.getSnapshot()})), [store]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: measured once per new data, not per key
	useLayoutEffect(() => store.noteRenderCost(performance.now() - renderStarted), [store, state.data]);

	// The scan: started on mount and again on `r`; aborted on quit/unmount.
	const controller = useRef<AbortController | null>(null);
	const [scan, setScan] = useState<Scan | null>(null);
	const {startScan} = props;
	useEffect(() => {
		const abort = new AbortController();
		controller.current = abort;
		const running = startScan(abort.signal, {refresh: state.refreshToken > 0});
		store.attach(running);
		setScan(running);
		return () => abort.abort();
	}, [startScan, store, state.refreshToken]);

	useEffect(() => () => store.dispose(), [store]);

	// The one quit path.
	useEffect(() => {
		if (!state.quitting) return;
		controller.current?.abort();
		store.dispose();
		exit();
	}, [state.quitting, exit, store]);

	// A stable handler keeps its place as ink's FIRST input listener. Every mode's keys — overlays included —
	// go through here: one input path, split into presses, routed against the current state.
	// Scoring in progress waits for the frame that answers the key.
	const onInput = useCallback(
		(input: string, key: Key) => {
			for (const press of keyPresses(input, key)) dispatch({type: 'key', press});
			store.yieldToInput();
		},
		[store],
	);
	useInput(onInput, {isActive: isRawModeSupported === true});

	useTerminalSize(useCallback((size: TerminalSize) => dispatch({type: 'resize', size}), []));

	const {settings} = state;
	settingsRef.current = settings;

	// Settings changed (the settings screen): persist them, and rescore from the facts in memory when scoring
	// reads what changed — a new threshold applies now, not after `r` refetches everything.
	const {saveSettings} = props;
	const savedSettings = useRef(settings);
	useEffect(() => {
		const previous = savedSettings.current;
		if (previous === settings) return;
		savedSettings.current = settings;
		if (scoringKey(previous) !== scoringKey(settings)) store.rescore();
		void Promise.resolve(saveSettings(settings)).catch((error: unknown) =>
			dispatch({
				type: 'message',
				text: `settings not saved: ${error instanceof Error ? error.message : String(error)}`,
			}),
		);
	}, [settings, saveSettings, store]);

	// The export dialog asked for a write: do it once per request, answer with its path or its error.
	const {exportReport} = props;
	const writing = state.exportDialog.step.kind === 'writing' ? state.exportDialog.step : null;
	useEffect(() => {
		if (!writing) return;
		let live = true;
		const data = store.getSnapshot();
		exportReport(writing.format, writing.scope, data, settingsRef.current).then(
			(path) => {
				if (live) dispatch({type: 'exportKey', action: {type: 'written', path: displayPath(path)}});
			},
			(error: unknown) => {
				if (live) dispatch({type: 'exportKey', action: {type: 'failed', error}});
			},
		);
		return () => {
			live = false;
		};
	}, [writing, exportReport, store]);

	// `y` and `o`: done once per request (each is a new object), said in the status line either way.
	const {effect} = state;
	const {openUrl, copyText} = props;
	useEffect(() => {
		if (!effect) return;
		if (effect.kind === 'copy') {
			const result = copyText ? copyText(effect.text) : copyToClipboard(effect.text, stdout);
			dispatch({
				type: 'message',
				text: result.ok
					? `copied ${effect.text} (OSC 52; in tmux: set -g set-clipboard on)`
					: `cannot copy (${result.reason}): ${effect.text}`,
			});
			return;
		}

		let live = true;
		dispatch({type: 'message', text: `opening ${effect.url}…`});
		void (openUrl ?? openInBrowser)(effect.url).then((result) => {
			if (!live) return;
			dispatch({
				type: 'message',
				text: result.ok
					? `opened ${effect.url}`
					: `could not open a browser (${result.reason}): ${effect.url}`,
			});
		});
		return () => {
			live = false;
		};
	}, [effect, openUrl, copyText, stdout]);

	const layout = computeLayout(state.size, settings.columns);
	const width = state.size.columns;
	const visibleIds = useMemo(() => {
		const ids: string[] = [];
		for (const row of state.rows.slice(state.scrollTop, state.scrollTop + layout.treeHeight)) {
			if (!row.isRoot && !state.data.reports.has(row.id)) ids.push(row.id);
		}

		return ids;
	}, [state.rows, state.scrollTop, layout.treeHeight, state.data.reports]);
	const prioritize = useMemo(() => (scan ? (ids: readonly string[]) => scan.prioritize(ids) : null), [scan]);
	usePrioritize(visibleIds, prioritize, props.prioritizeMs);

	const progress = state.data.progress;
	const rateLimited = progress?.rateLimitedUntil != null;
	const now = useNow(rateLimited, props.now);
	const color = colorOn(props.colorAllowed ?? colorAllowed(true), settings.color);
	// What the terminal can show is decided from the real output stream (runTui passes it), never from CI.
	const terminalLevel = props.colorLevel ?? terminalColorLevel(stdout);
	const palette = useMemo(() => createPalette(color, terminalLevel), [color, terminalLevel]);
	const columns = useMemo(
		() => fitColumns(layout.treeWidth, settings.columns),
		[layout.treeWidth, settings.columns],
	);
	// Counts follow what is shown: the header says so when dev dependencies are hidden or a filter narrows.
	const shown = state.view.graph.packages.size;
	const compact = width < 100;
	const title = useMemo(
		() => headerTitle(graph, props.lockfileLabel, {shown, compact}),
		[graph, props.lockfileLabel, shown, compact],
	);
	const titlePath = headerPath(props.lockfileLabel);
	const status = statusForms(progress, state.data.scanning, now, offline);
	const selected = state.rows[state.cursor];

	// Detail lines are made once per package and what they show (see DetailCache), not at every cursor move.
	const [detailCache] = useState(() => new DetailCache());
	const detailInput = useCallback(
		(id: string): DetailInput => ({
			graph,
			id,
			report: state.data.reports.get(id),
			rollup: state.view.rollups.get(id),
			scanning: state.data.scanning,
			offline,
			progress,
			now,
			palette,
			view: {
				graph: state.view.graph,
				publishers: state.view.publishers,
				hiddenDev: state.view.hiddenDev,
				filtered: isFiltering(state.filter),
			},
			reports: state.data.reports,
		}),
		[graph, state.data, state.view, state.filter, offline, progress, now, palette],
	);
	const detailFor = (id: string): string[] => detailCache.lines(detailInput(id));

	// A page scrolled past its end is pulled back, so ↑ works at once (the reducer does not know line counts).
	const pageLines = useRef(0);
	const pageBody = layout.height - 2;
	useEffect(() => {
		const max = Math.max(0, pageLines.current - pageBody);
		if (state.pageScroll > max) dispatch({type: 'scrollPage', delta: max - state.pageScroll});
	});

	// Show where the file will really go ('' = the current directory, ~ = home), from the live setting.
	const exportFolder = displayPath(resolveExportDirectory(settings.exportDirectory));
	/** A full-height page of `lines` (detail, why) at the shared page scroll. */
	const scrollPage = (given: string[], footer: string, message: string | null = null): ReactNode => {
		// Wrapped here (ScrollPage would wrap them the same way) so the scroll clamp counts screen lines.
		const lines = wrapLines(given, Math.max(10, width - 1));
		pageLines.current = lines.length;
		return (
			<ScrollPage
				lines={lines}
				scroll={state.pageScroll}
				height={layout.height - 1}
				width={width}
				footer={footer}
				message={message}
			/>
		);
	};

	const side: PaneLines =
		layout.sideWidth > 0 && selected
			? detailCache.pane(detailInput(selected.id), Math.max(10, layout.sideWidth - 3), layout.treeHeight + 1)
			: noPane;

	let body: ReactNode;
	switch (state.mode) {
		case 'tree':
		case 'search': {
			const summary = summaryLines(state, {palette, width, lines: layout.summaryLines, now, offline});
			const tree = (
				<TreeView state={state} layout={columns} palette={palette} height={layout.treeHeight} now={now} />
			);
			body = (
				<>
					{layout.sideWidth > 0 ? (
						<Box flexDirection="row" height={layout.treeHeight + 1}>
							{tree}
							<SidePane
								lines={side.lines}
								more={side.more}
								width={layout.sideWidth}
								height={layout.treeHeight + 1}
								dim={palette.dim}
							/>
						</Box>
					) : (
						tree
					)}
					{layout.separator ? <Line text={palette.dim(separatorLine(state, width))} width={width} /> : null}
					{summary.map((line, index) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: fixed summary slots
						<Line key={index} text={line} width={width} />
					))}
				</>
			);
			break;
		}

		case 'detail':
			body = scrollPage(
				selected ? detailFor(selected.id) : ['Nothing selected.'],
				detailFooter(selected?.isRoot === true),
				state.message,
			);
			break;
		case 'why':
			body = scrollPage(
				selected ? whyLines(graph, state.view.graph, selected.id, palette) : ['Nothing selected.'],
				'↑↓ scroll · Esc back',
			);
			break;
		case 'publishers':
		case 'publisherSearch': {
			const listed = visiblePublishers(state);
			body = (
				<PublishersView
					graph={graph}
					publishers={listed}
					total={state.view.publishers.length}
					reports={state.data.reports}
					position={state.publishersList}
					height={layout.height - 1}
					width={width}
					palette={palette}
					scanning={state.data.scanning}
					draft={state.mode === 'publisherSearch' ? state.publishersQuery.draft : null}
					query={state.publishersQuery.query}
					narrowed={!state.showDev || isFiltering(state.filter)}
				/>
			);
			break;
		}

		case 'help':
			body = scrollPage(helpLines(palette.bold, width), '↑↓ scroll · Esc, q or ? close');
			break;
		case 'export':
			body = (
				<ExportView
					step={state.exportDialog.step}
					context={state.exportDialog.context}
					directory={exportFolder}
					width={Math.min(width, 100)}
					height={layout.height - 1}
				/>
			);
			break;
		case 'settings':
			body = (
				<SettingsView
					settings={settings}
					state={state.settingsScreen}
					width={width}
					height={layout.height - 1}
					color={color}
				/>
			);
			break;
	}

	return (
		// Clipped vertically only: every line is cut to the width already (wrap="truncate"), and a horizontal clip
		// would make ink re-slice every line of every frame.
		<Box flexDirection="column" width={width} height={layout.height} overflowY="hidden">
			<Header
				title={title}
				path={titlePath}
				status={status.full}
				namesStatus={status.names}
				countsStatus={status.counts}
				busy={state.data.scanning}
				width={width}
				color={color}
			/>
			{body}
		</Box>
	);
}
