/**
 * A UTF-8 byte order mark is legal at the start of JSON, TOML, YAML and ini files written on Windows (npm and pnpm
 * read such a package.json); no reader of ours should see it as a character of the first key.
 */
export function withoutByteOrderMark(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
