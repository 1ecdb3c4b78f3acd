/**
 * Make untrusted text (package names, maintainer names, deprecation messages, anything a registry or a
 * lockfile says) safe to print on a terminal and to pass on to the escapers in `escape.ts`.
 *
 * What goes, each replaced by one U+FFFD `�` (so `b ESC[2J ob` reads `b�ob`, never a second account "bob", and a
 * reader sees that something was hidden there):
 * - terminal escape sequences, whole: CSI (`ESC [ … final`, 8-bit `0x9B`), OSC (`ESC ] … BEL|ST`, `0x9D`, e.g.
 *   the window-title trick `ESC ]0;pwned BEL`), DCS/SOS/PM/APC strings (`ESC P|X|^|_ … ST`) and the short
 *   two/three-byte escapes (`ESC c`, `ESC ( B`, `ESC 7`); an unterminated string sequence is cut to the end,
 *   because whatever follows it would be swallowed by the terminal anyway;
 * - every other C0 and C1 control character and DEL;
 * - bidirectional overrides and isolates (Trojan Source: U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C);
 * - invisible characters that make two names look alike: zero-width space, word joiner and invisible operators
 *   (U+200B, U+2060–U+2064), the zero-width no-break space (U+FEFF), the Mongolian vowel separator (U+180E) and
 *   the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0). The zero-width (non-)joiners U+200C/U+200D stay:
 *   emoji sequences and Indic and Persian words need them.
 * Line breaks and tabs become one space (multiline mode keeps them).
 * What stays: every printable Unicode character, including emoji and non-Latin scripts.
 *
 * This module must stay free of ink/react: the core and the UI both import it.
 */

/** Options for {@link sanitizeText}. */
export type SanitizeOptions = {
	/**
	 * Keep line breaks (`\n`) and tabs; `\r\n` and lone `\r` become `\n`. Default false: every line break and
	 * tab becomes one space, which is what a table cell or a tree row needs.
	 */
	readonly multiline?: boolean;
};

// String sequences: OSC (]), DCS (P), SOS (X), PM (^), APC (_) — 7-bit ESC form or 8-bit C1 introducer — up to
// BEL or ST (ESC \ or 0x9C), or to the end of the text when unterminated.
const stringSequence =
	/(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)/g;
// CSI: ESC [ or 0x9B, parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
const csiSequence = /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?/g;
// Other escapes: ESC, optional intermediates (e.g. `ESC ( B` charset selection), one final byte.
const shortEscape = /\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;
// Line separators that terminals or renderers may treat as line breaks.
const lineBreaks = /\r\n|[\r\n\u000B\u000C\u0085\u2028\u2029]/g;
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const invisibleCharacters = /[\u115F\u1160\u180E\u200B\u2060-\u2064\u3164\uFEFF\uFFA0]/g;
/** What stands where something was taken out. */
const marker = '\uFFFD';
// Remaining C0 (except tab and newline, handled by the caller), DEL and C1.
const controlCharacters = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

// Every character any replacement below starts at or removes: C0 (ESC, BEL, tab, line breaks), DEL, C1 (8-bit
// introducers, NEL), U+2028/U+2029 and the bidi controls. Text without one is returned as it is.
const needsWork =
	/[\u0000-\u001F\u007F-\u009F\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u202A-\u202E\u2028\u2029\u2060-\u2069\u3164\uFEFF\uFFA0]/;

/**
 * Strip escape sequences, control characters and bidi overrides from untrusted text.
 * Idempotent: `sanitizeText(sanitizeText(x)) === sanitizeText(x)`.
 */
export function sanitizeText(value: string, options: SanitizeOptions = {}): string {
	// Most text has nothing to strip: one scan instead of seven replacements (reports sanitise every string).
	if (!needsWork.test(value)) return value;
	let text = value.replace(stringSequence, marker).replace(csiSequence, marker).replace(shortEscape, marker);
	text = text.replace(bidiControls, marker).replace(invisibleCharacters, marker);
	if (options.multiline) {
		text = text.replace(lineBreaks, '\n');
		// Keep \n and \t; mark every other control character.
		return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, marker);
	}

	return text.replace(lineBreaks, ' ').replace(/\t/g, ' ').replace(controlCharacters, marker);
}

/** {@link sanitizeText} for values that may be unknown: `null`/`undefined` stay `null`. */
export function sanitizeNullable(value: string | null | undefined, options?: SanitizeOptions): string | null {
	return value === null || value === undefined ? null : sanitizeText(value, options);
}
