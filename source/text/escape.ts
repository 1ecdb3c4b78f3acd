import {sanitizeText} from './sanitize.js';

/**
 * Escapers for the report formats. Each one sanitises first (see `sanitize.ts`), so callers pass the raw
 * untrusted string and never have to remember the order.
 */

// Backslash-escaped in Markdown: table separators, code spans, link and image brackets, raw HTML and
// autolinks, emphasis, strikethrough, entity starts, math. Parentheses, `.`, `-`, `#`, `+` and `!` stay
// readable: without an unescaped `[`/`]` or `<` nearby, and never at a line start (a cell never starts a
// line), they build nothing.
const markdownSpecial = /[\\`*_[\]<>|~&$]/g;

/**
 * Escape text for one cell of a GitHub-flavoured Markdown table (also fine inline in a paragraph): no line
 * breaks, no `|` column breaks, no code spans, links, images, autolinks, raw HTML, emphasis or @-mentions survive.
 * A `javascript:` URL stays as inert text because its `[`, `]`, `(`, `)` and `<` are escaped.
 */
export function escapeMarkdown(value: string): string {
	return sanitizeText(value)
		.replace(markdownSpecial, (character) => `\\${character}`)
		.replace(mentionStart, `$1${mentionBreak}`);
}

/**
 * An `@` followed by a zero-width space (as an entity): GitHub turns `@name` and `@org/team` in a comment into a
 * mention that notifies them, so a hostile advisory summary or account name in a pull-request comment could ping
 * `@everyone` in the organisation. Escaping with `\@` does not stop it (mentions are found in the rendered text);
 * the invisible break does, as Renovate's comments do.
 */
const mentionBreak = '@&#8203;';
/** Where GitHub starts a mention: an `@` not after a word character or a backtick (`name@1.2.0` is no mention). */
const mentionStart = /(^|[^\w`])@(?=[\w-])/g;

/**
 * Wrap text in a Markdown code span safely: the fence is longer than any backtick run inside, and `|` is
 * escaped, which GFM tables honour even inside code spans.
 */
export function markdownCode(value: string): string {
	const text = sanitizeText(value).replace(/\|/g, '\\|');
	const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
	const fence = '`'.repeat(longestRun + 1);
	const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

const htmlEntities: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
	'`': '&#96;',
};

/** Escape text for HTML element content and for quoted attribute values. */
export function escapeHtml(value: string): string {
	return sanitizeText(value).replace(/[&<>"'`]/g, (character) => htmlEntities[character] ?? character);
}

/** Sanitise a string that goes into SARIF (or any JSON report): JSON.stringify does the quoting. */
export function sanitizeForSarif(value: string): string {
	return sanitizeText(value);
}

/**
 * Text for a SARIF `message.text`. SARIF plain-text messages have embedded links — `[text](target)`, where the
 * target may be a URI (SARIF 2.1.0 §3.11.6) — so literal brackets are backslash-escaped (as the spec asks),
 * and a hostile `[x](javascript:…)` stays text.
 */
export function escapeSarifMessage(value: string): string {
	return sanitizeText(value).replace(/[[\]]/g, (character) => `\\${character}`);
}

/**
 * `JSON.stringify` whose output is also safe to embed in HTML and to show in a terminal: `<`, `>`, `&` and
 * the JS line separators are written as `\u` escapes. `JSON.parse` gives back exactly the same value.
 */
export function stringifyJson(value: unknown, indent: number | string = 2): string {
	return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (character) => {
		return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
}
