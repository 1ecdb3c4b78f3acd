/** The report formats, in the order the export dialog offers them; every list of formats derives from this. */
export const reportFormats = ['md', 'html', 'json', 'sarif'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** File extension for each format (for exports and `--output` defaults). */
export const reportExtensions: Readonly<Record<ReportFormat, string>> = {
	json: 'json',
	md: 'md',
	html: 'html',
	sarif: 'sarif',
};

/** Other names people type for a format (`--format markdown`, the Action's `format: markdown`). */
export const reportFormatAliases: Readonly<Record<string, ReportFormat>> = {markdown: 'md'};

/** The format a name stands for, alias or not; undefined when it names none. */
export function reportFormatNamed(name: string): ReportFormat | undefined {
	const lower = name.toLowerCase();
	if (isReportFormat(lower)) return lower;
	return Object.hasOwn(reportFormatAliases, lower) ? reportFormatAliases[lower] : undefined;
}

export function isReportFormat(value: unknown): value is ReportFormat {
	return (reportFormats as readonly unknown[]).includes(value);
}
