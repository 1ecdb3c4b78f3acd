/**
 * The keys of a JSON (or JSONC) object's top level, in order, read from the start of its text: enough to tell
 * two formats apart by which keys they have at the top without parsing a multi-MB file. bun.lock and an npm
 * lockfile both carry "lockfileVersion", and an npm workspace project's lockfile says "workspaces" too, but
 * inside `packages[""]`; only bun.lock has it at the top. Strings are skipped whole (a `{` inside a name does
 * not count), comments too (bun.lock is JSONC); a text cut off mid-way gives the keys seen so far.
 */
export function topLevelKeys(text: string): string[] {
	const keys: string[] = [];
	let depth = 0;
	let index = 0;
	// At the top level, a string right after `{` or `,` is a key; after `:` it is a value.
	let expectKey = false;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code === 0x22 /* " */) {
			const end = stringEnd(text, index);
			if (end < 0) break;
			if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(index, end + 1)) as string);
			expectKey = false;
			index = end + 1;
			continue;
		}

		if (code === 0x2f /* / */ && text.charCodeAt(index + 1) === 0x2f) {
			const end = text.indexOf('\n', index);
			index = end < 0 ? text.length : end + 1;
			continue;
		}

		if (code === 0x2f && text.charCodeAt(index + 1) === 0x2a /* * */) {
			const end = text.indexOf('*/', index + 2);
			index = end < 0 ? text.length : end + 2;
			continue;
		}

		if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
			depth++;
			expectKey = depth === 1 && code === 0x7b;
		} else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
			depth--;
			if (depth <= 0) break;
		} else if (code === 0x2c /* , */ && depth === 1) {
			expectKey = true;
		}

		index++;
	}

	return keys;
}

/** The index of the quote that closes the string opening at `start`; -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
	let index = start + 1;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code === 0x5c /* \ */) index += 2;
		else if (code === 0x22) return index;
		else index++;
	}

	return -1;
}
