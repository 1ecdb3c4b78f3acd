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

export function isReportFormat(value: unknown): value is ReportFormat {
	return (reportFormats as readonly unknown[]).includes(value);
}
