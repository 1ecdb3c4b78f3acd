import {createReadStream} from 'node:fs';
import {Unzip, type UnzipFile, UnzipInflate} from 'fflate';
import {type OsvRecord, parseOsvRecord} from './osv-record.js';

/**
 * An OSV ecosystem export (`<ECOSYSTEM>/all.zip` in the OSV data bucket: one JSON record per file), read from
 * disk for air-gapped runs. Streamed (fflate's streaming unzip): the archive is never held whole — the npm export
 * is hundreds of MB — and only records naming a package of the tree are kept.
 */

/**
 * Most decompressed bytes of one record file kept: OSV records are a few kilobytes, so a bigger entry is damage
 * or a zip bomb, skipped like any record that is not one (an archive entry can inflate a thousandfold).
 */
export const maxRecordBytes = 4 * 1024 * 1024;

/** An export that cannot be read: the CLI turns it into a one-line usage error naming the file. */
export class ExportError extends Error {}

/**
 * The records of `file` that name one of `wanted` (keys as `matchKey` builds them), deduplicated by id. A
 * record file that is not JSON or not a record is skipped, not fatal: an export is tens of thousands of them.
 */
export async function readOsvExport(
	file: string,
	wanted: ReadonlySet<string>,
	matchKey: (ecosystem: string, name: string) => string,
): Promise<OsvRecord[]> {
	const records = new Map<string, OsvRecord>();
	const pending: Array<Promise<void>> = [];
	let entries = 0;
	const unzip = new Unzip((entry: UnzipFile) => {
		if (!entry.name.endsWith('.json')) return;
		entries += 1;
		pending.push(
			new Promise<void>((resolve) => {
				const chunks: Uint8Array[] = [];
				let size = 0;
				entry.ondata = (error, data, final) => {
					if (error) {
						resolve();
						return;
					}

					size += data.length;
					if (size > maxRecordBytes) {
						entry.terminate();
						resolve();
						return;
					}

					chunks.push(data);
					if (!final) return;
					const record = parseEntry(Buffer.concat(chunks));
					if (record?.affected.some((affected) => wanted.has(matchKey(affected.ecosystem, affected.name))))
						records.set(record.id, record);
					resolve();
				};
				entry.start();
			}),
		);
	});
	unzip.register(UnzipInflate);
	await new Promise<void>((resolve, reject) => {
		const stream = createReadStream(file);
		stream.on('data', (chunk) => {
			try {
				unzip.push(chunk as Buffer);
			} catch (error) {
				stream.destroy();
				reject(new ExportError(`${file}: not a zip archive (${(error as Error).message})`));
			}
		});
		stream.on('error', (error: NodeJS.ErrnoException) =>
			reject(new ExportError(`${file}: cannot read (${error.code ?? error.message})`)),
		);
		stream.on('end', () => {
			try {
				unzip.push(new Uint8Array(0), true);
				resolve();
			} catch (error) {
				reject(new ExportError(`${file}: not a zip archive (${(error as Error).message})`));
			}
		});
	});
	await Promise.all(pending);
	if (entries === 0) throw new ExportError(`${file}: no OSV records in it (expected an OSV all.zip export)`);
	return [...records.values()];
}

function parseEntry(bytes: Buffer): OsvRecord | null {
	try {
		return parseOsvRecord(JSON.parse(bytes.toString('utf8')) as unknown);
	} catch {
		return null;
	}
}
