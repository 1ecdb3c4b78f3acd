import {stringifyJson} from '../text/escape.js';
import {renderHtml} from './html.js';
import {buildJsonReport} from './json.js';
import {renderMarkdown} from './markdown.js';
import {renderSarif} from './sarif.js';
import type {ReportFormat, ReportInput} from './types.js';

export {isReportFormat, reportExtensions, reportFormats} from './formats.js';
export {
	defaultFailOn,
	defaultMaxUnknownShare,
	evaluateGate,
	failOnValues,
	type GateFinding,
	type GateResult,
	gateExitCode,
	gateForReport,
	gateMessages,
	levelOf,
	parseFailOn,
	ruleOf,
	tripsGate,
} from './gate.js';
export {buildJsonReport, type JsonReport} from './json.js';
export type {MarkdownOptions} from './markdown.js';
export {type PreparedReport, prepareReport, type ReportRow} from './model.js';
export {buildSarif} from './sarif.js';
export {
	describeScope,
	resolveScope,
	resolveSubtreeSpec,
	type SubtreeResolution,
	subtreeIds,
} from './scope.js';
export {renderSummary, type SummaryOptions} from './summary.js';
export type {
	FailOn,
	ReportFormat,
	ReportInput,
	ReportMeta,
	ReportProjectPolicy,
	ReportScope,
} from './types.js';
export {renderHtml, renderMarkdown, renderSarif};

/**
 * Render a report in one of the export formats. Pure: the same input gives the same string. JSON is
 * written with `<`, `>` and `&` as unicode escapes (safe to embed and to print; parses to the same values).
 */
export function renderReport(format: ReportFormat, input: ReportInput): string {
	switch (format) {
		case 'json':
			return `${stringifyJson(buildJsonReport(input))}\n`;
		case 'md':
			return renderMarkdown(input);
		case 'html':
			return renderHtml(input);
		case 'sarif':
			return renderSarif(input);
	}
}
