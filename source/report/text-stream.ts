/**
 * The text reports (Markdown, HTML) as pieces instead of one string: what `lines.join('\n')` and
 * `text.trimEnd()` do to a whole string, done to a sequence of pieces as they come, so the pieces join to
 * the same bytes.
 */

/** `lines.join(separator)`, piece by piece. */
export function* joined(lines: Iterable<string>, separator = '\n'): Generator<string, void, undefined> {
	let first = true;
	for (const line of lines) {
		yield first ? line : `${separator}${line}`;
		first = false;
	}
}

/**
 * `pieces.join('').trimEnd()`, piece by piece: trailing white space is held back until something else follows
 * it, and dropped at the end.
 */
export function* trimmedEnd(pieces: Iterable<string>): Generator<string, void, undefined> {
	let held = '';
	for (const piece of pieces) {
		const kept = piece.trimEnd();
		if (kept.length === 0) {
			held += piece;
			continue;
		}

		yield `${held}${kept}`;
		held = piece.slice(kept.length);
	}
}

/** `items.map(render)`, made one by one as it is iterated. */
export function* mapped<T>(
	items: Iterable<T>,
	render: (item: T) => string,
): Generator<string, void, undefined> {
	for (const item of items) yield render(item);
}
