import {Box, type Key, Text, useApp, useInput, useStdin, useStdout} from 'ink';
import {type ReactNode, useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {resolveExportDirectory} from '../cli/export.js';
import type {Settings} from '../config/settings.js';
import {pathsFromRoots} from '../graph/query.js';
import type {Scan} from '../scan/types.js';
import {colorAllowed, colorOn} from '../text/color.js';
import {Header} from './components/Header.js';
import {HelpPage} from './components/HelpPage.js';
import {PublishersView} from './components/PublishersView.js';
import {ScrollPage} from './components/ScrollPage.js';
import {TreeView} from './components/TreeView.js';
import {createReportStore, type ReportStore} from './data/store.js';
import {ExportDialog} from './export/ExportDialog.js';
import {fitColumns} from './format/columns.js';
import {detailLines, formatPath} from './format/detail.js';
import {createPalette} from './format/palette.js';
import {labelOf} from './format/row.js';
import {headerTitle, statusText} from './format/status.js';
import {separatorLine, summaryLines} from './format/summary.js';
import {useNow} from './hooks/use-now.js';
import {usePrioritize} from './hooks/use-prioritize.js';
import {readSize, useTerminalSize} from './hooks/use-terminal-size.js';
import {routeKey} from './input/keymap.js';
import type {KeyPress} from './input/keys.js';
import {keyPresses} from './input/keys.js';
import {computeLayout} from './layout.js';
import {SettingsScreen} from './settings/SettingsScreen.js';
import type {Action} from './state/actions.js';
import {createInitialState, reducer} from './state/reducer.js';
import type {TerminalSize, UiState} from './state/types.js';
import type {TuiOptions} from './types.js';

export type AppProps = TuiOptions & {
	/** Fixed clock (tests). */
	readonly now?: Date;
	/** Size before the first resize event; default the stdout's (80×24 when unknown). */
	readonly initialSize?: TerminalSize;
	/** Store batching interval (ms). */
	readonly flushMs?: number;
	/** Prioritisation debounce (ms). */
	readonly prioritizeMs?: number;
	/** A store created by the caller (benchmarks pre-fill it). */
	readonly store?: ReportStore;
};

type AppEvent = Action | {readonly type: 'key'; readonly press: KeyPress};

/** Keys are routed against the CURRENT state inside the reducer, so fast typing after `/` never hits stale modes. */
function appReducer(state: UiState, event: AppEvent): UiState {
	if (event.type !== 'key') return reducer(state, event);
	return routeKey(event.press, state).reduce(reducer, state);
}

const whyLimit = 500;

/** The whole interactive screen. Owns the one `exit()`: quitting aborts the scan and stops every timer first. */
export function App(props: AppProps) {
	const {offline} = props;
	const {exit} = useApp();
	const {stdout} = useStdout();
	const {isRawModeSupported} = useStdin();
	// The live settings are the reducer's (`state.settings`); the store scores with whatever they are now.
	const settingsRef = useRef<Settings>(props.settings);
	const {score} = props;
	const [store] = useState(
		() =>
			props.store ??
			createReportStore({
				graph: props.graph,
				score: (id, facts) => score(id, facts, settingsRef.current),
				flushMs: props.flushMs ?? 100,
			}),
	);
	const [state, dispatch] = useReducer(appReducer, undefined, () =>
		createInitialState({
			graph: props.graph,
			settings: props.settings,
			size: props.initialSize ?? readSize(stdout),
			data: store.getSnapshot(),
		}),
	);

	// The graph the rows show: the scan grows it while it resolves versions and edges.
	const {graph} = state;

	// Streamed data: one dispatch per store flush.
	useEffect(() => store.subscribe(() => dispatch({type: 'data', data: store.getSnapshot()})), [store]);

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

	// A stable handler keeps its place as ink's FIRST input listener: the key that closes an overlay (the
	// overlay's own listener dispatches `back`) is routed here while the overlay is still the mode, so it
	// never also acts on the tree. An inline handler would re-subscribe, moving to the end, on every render.
	const onInput = useCallback((input: string, key: Key) => {
		for (const press of keyPresses(input, key)) dispatch({type: 'key', press});
	}, []);
	useInput(onInput, {isActive: isRawModeSupported === true});

	useTerminalSize(useCallback((size: TerminalSize) => dispatch({type: 'resize', size}), []));

	const layout = computeLayout(state.size);
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
	const {settings} = state;
	settingsRef.current = settings;
	const color = colorOn(props.colorAllowed ?? colorAllowed(true), settings.color);
	const palette = useMemo(() => createPalette(color), [color]);
	const columns = useMemo(() => fitColumns(width, settings.columns), [width, settings.columns]);
	const title = useMemo(() => headerTitle(graph, props.lockfileLabel), [graph, props.lockfileLabel]);
	const status = statusText(progress, state.data.scanning, now, offline);
	const selected = state.rows[state.cursor];
	const close = useCallback(() => dispatch({type: 'back'}), []);
	const {saveSettings, exportReport} = props;
	const changeSettings = useCallback(
		(next: Settings) => {
			dispatch({type: 'settings', settings: next});
			void Promise.resolve(saveSettings(next)).catch((error: unknown) =>
				dispatch({
					type: 'message',
					text: `settings not saved: ${error instanceof Error ? error.message : String(error)}`,
				}),
			);
		},
		[saveSettings],
	);
	const doExport = useCallback(
		(format: Parameters<typeof exportReport>[0], scope: Parameters<typeof exportReport>[1]) => {
			const data = store.getSnapshot();
			return exportReport(format, scope, data, settingsRef.current).then((path) => {
				dispatch({type: 'message', text: `Wrote ${path}`});
				return path;
			});
		},
		[exportReport, store],
	);

	// Show where the file will really go ('' = the current directory, ~ = home), from the live setting.
	const exportFolder = resolveExportDirectory(settings.exportDirectory);
	/** A full-height page of `lines` (detail, why) at the shared page scroll. */
	const scrollPage = (lines: string[], footer: string): ReactNode => (
		<ScrollPage
			lines={lines}
			scroll={state.pageScroll}
			height={layout.height - 1}
			width={width}
			footer={footer}
		/>
	);
	let body: ReactNode;
	switch (state.mode) {
		case 'tree':
		case 'search': {
			const summary = summaryLines(state, {palette, width, lines: layout.summaryLines, now, offline});
			body = (
				<>
					<TreeView state={state} layout={columns} palette={palette} height={layout.treeHeight} now={now} />
					{layout.summaryLines === 3 ? <Text dimColor>{separatorLine(state, width)}</Text> : null}
					{summary.map((line, index) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: fixed summary slots
						<Text key={index} wrap="truncate">
							{line}
						</Text>
					))}
				</>
			);
			break;
		}

		case 'detail': {
			const lines = selected
				? detailLines({
						graph,
						id: selected.id,
						report: state.data.reports.get(selected.id),
						rollup: state.data.rollups.get(selected.id),
						scanning: state.data.scanning,
						offline,
						progress,
						now,
						palette,
					})
				: ['Nothing selected.'];
			body = scrollPage(lines, '↑↓ scroll · w why-paths · e export · Esc back');
			break;
		}

		case 'why': {
			const lines: string[] = [];
			if (selected && !selected.isRoot) {
				const {paths, truncated} = pathsFromRoots(graph, selected.id, whyLimit);
				lines.push(
					palette.chalk.bold(
						`Why is ${labelOf(graph, selected.id)} here: ${paths.length}${truncated ? '+' : ''} paths`,
					),
					'',
				);
				for (const path of paths) lines.push(formatPath(graph, path));
				if (truncated) lines.push(palette.chalk.dim(`+ more (first ${paths.length} shown)`));
			} else lines.push(selected ? `${labelOf(graph, selected.id)} is a root.` : 'Nothing selected.');
			body = scrollPage(lines, '↑↓ scroll · Esc back');
			break;
		}

		case 'publishers':
			body = (
				<PublishersView
					graph={graph}
					publishers={state.data.publishers}
					position={state.publishersList}
					height={layout.height - 1}
					width={width}
					palette={palette}
					scanning={state.data.scanning}
				/>
			);
			break;
		case 'help':
			body = (
				<HelpPage scroll={state.pageScroll} height={layout.height - 1} width={width} palette={palette} />
			);
			break;
		case 'export':
			body = (
				<ExportDialog
					selectedId={selected?.id ?? null}
					selectedLabel={selected ? labelOf(graph, selected.id) : ''}
					markedIds={[...state.marks]}
					defaultFormat={settings.exportFormat}
					onExport={doExport}
					onClose={close}
					isActive={isRawModeSupported === true}
					directory={exportFolder}
					width={Math.min(width, 100)}
				/>
			);
			break;
		case 'settings':
			body = (
				<SettingsScreen
					settings={settings}
					onChange={changeSettings}
					onClose={close}
					width={width}
					height={layout.height - 1}
					isActive={isRawModeSupported === true}
					color={color}
				/>
			);
			break;
	}

	return (
		<Box flexDirection="column" width={width} height={layout.height} overflow="hidden">
			<Header title={title} status={status} busy={state.data.scanning} width={width} />
			{body}
		</Box>
	);
}
