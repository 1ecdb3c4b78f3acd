import {realpathSync} from 'node:fs';
import path from 'node:path';

/** Whether `file` is `folder` or below it (both absolute; follow symlinks first where that matters). */
export function isInside(file: string, folder: string): boolean {
	const relative = path.relative(folder, file);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The folder with its symlinks followed, or as given when it cannot be (it does not exist). */
export function realOrSelf(folder: string): string {
	try {
		return realpathSync(folder);
	} catch {
		return folder;
	}
}
