import {stringifyJson} from '../text/escape.js';
import {htmlChunks, renderHtml} from './html.js';
import {buildJsonReport, streamJsonReport} from './json.js';
import {jsonChunks} from './json-stream.js';
import {markdownChunks, renderMarkdown} from './markdown.js';
import {renderSarif, sarifChunks} from './sarif.js';
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
export {buildJsonReport, type JsonReport, streamJsonReport} from './json.js';
export {JsonStream, jsonChunks, materializeJson} from './json-stream.js';
export type {MarkdownOptions} from './markdown.js';
export {type PreparedReport, prepareReport, type ReportRow} from './model.js';
export {buildSarif, streamSarif} from './sarif.js';
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
export {htmlChunks, markdownChunks, renderHtml, renderMarkdown, renderSarif, sarifChunks};

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

/**
 * The same report as `renderReport`, in pieces made as they are asked for (a package, a table row at a time):
 * joined, exactly `renderReport`'s string; written as they come (`writeChunks` in cli/output.ts), a report
 * of any size without the whole of it in memory. Pure and lazy: nothing is built before the first piece is
 * asked for, and each call starts afresh.
 */
export function renderReportChunks(format: ReportFormat, input: ReportInput): Iterable<string> {
	switch (format) {
		case 'json':
			return jsonDocumentChunks(input);
		case 'md':
			return markdownChunks(input);
		case 'html':
			return htmlChunks(input);
		case 'sarif':
			return sarifChunks(input);
	}
}

function* jsonDocumentChunks(input: ReportInput): Generator<string, void, undefined> {
	yield* jsonChunks(streamJsonReport(input));
	yield '\n';
}
