/**
 * `decodeURIComponent`, or the text as it is when it is not valid percent-encoding (`%zz`, a lone `%`): a
 * lockfile can say anything, and a malformed escape must not stop the reader.
 */
export function decodeOrKeep(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
