import type {LockfileFormatSpec} from '../types.js';
import {readCargoLock, sniffCargoLock} from './lockfile.js';

export const cargoLockfileFormats: readonly LockfileFormatSpec[] = [
	{
		kind: 'cargo',
		fileNames: [{display: 'Cargo.lock', matches: (fileName) => fileName === 'Cargo.lock'}],
		sniff: sniffCargoLock,
		// Before uv.lock and poetry.lock, which also have `[[package]]` tables.
		sniffPriority: 35,
		read: readCargoLock,
	},
];
