import {useStdout} from 'ink';
import {useEffect} from 'react';
import type {TerminalSize} from '../state/types.js';

/** Read the terminal size, defaulting to 80×24 when the stream does not say (pipes, test streams). */
export function readSize(stream: NodeJS.WriteStream | {columns?: number; rows?: number}): TerminalSize {
	return {columns: stream.columns || 80, rows: stream.rows || 24};
}

/** The one resize listener of the app. */
export function useTerminalSize(onResize: (size: TerminalSize) => void): void {
	const {stdout} = useStdout();
	useEffect(() => {
		const listener = () => onResize(readSize(stdout));
		stdout.on('resize', listener);
		return () => {
			stdout.off('resize', listener);
		};
	}, [stdout, onResize]);
}
