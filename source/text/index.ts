/** Text safety and formatting shared by the reports and the UI (no ink/react here). */

export {
	escapeHtml,
	escapeMarkdown,
	escapeSarifMessage,
	markdownCode,
	sanitizeForSarif,
	stringifyJson,
} from './escape.js';
export {
	daysSince,
	formatAgeShort,
	formatAgo,
	formatChange,
	formatCompact,
	formatDate,
	formatDuration,
	formatInteger,
	plural,
	sparkline,
	truncate,
	unknownText,
} from './format.js';
export {type SanitizeOptions, sanitizeNullable, sanitizeText} from './sanitize.js';
