import {riskLabel, riskRank} from '../scoring/levels.js';
import {isSuspiciousRelease} from '../scoring/rollup.js';
import {releaseRiskLevels, riskLevels} from '../scoring/types.js';
import {escapeHtml} from '../text/escape.js';
import {
	daysSince,
	formatAgeShort,
	formatAgeShortMs,
	formatCompact,
	formatDate,
	formatInteger,
} from '../text/format.js';
import {
	advisoryRows,
	type PreparedReport,
	prepareReport,
	type ReportRow,
	rollupPhrase,
	viaPhrase,
} from './model.js';
import {acceptanceText, cooldownLines} from './policy-notes.js';
import {joined, mapped} from './text-stream.js';
import type {ReportInput} from './types.js';

/**
 * One self-contained HTML file: inline CSS, a few lines of inline JS to sort the table by any column, no
 * network at all (a Content-Security-Policy forbids every fetch), and every untrusted string escaped.
 */
export function renderHtml(input: ReportInput): string {
	return [...htmlChunks(input)].join('');
}

/** The same text in pieces, a table row at a time (for writing a large report as it is made). */
export function* htmlChunks(input: ReportInput): Generator<string, void, undefined> {
	const report = prepareReport(input);
	const title = `${report.toolName} report · ${report.scopeDescription}`;
	yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${report.toolName} ${report.toolVersion}`)}">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>${escapeHtml(report.toolName)} report</h1>
<p class="meta">Scope: <strong>${escapeHtml(report.scopeDescription)}</strong> · ${formatInteger(report.rows.length)} packages ·
generated ${escapeHtml(report.generatedAt)} by ${escapeHtml(report.toolName)} ${escapeHtml(report.toolVersion)}</p>
<p class="meta">Lockfiles: ${report.graph.lockfiles.map((lockfile) => `<code>${escapeHtml(lockfile.path)}</code> (${escapeHtml(lockfile.format)})`).join(', ') || 'none'}</p>
${cooldownLines(input.meta.project)
	.map((line) => `<p class="meta">Project cooldown: ${escapeHtml(line)}</p>`)
	.join('\n')}
</header>
<main>
<section>
<h2>Summary</h2>
<ul class="counts">${riskLevels.map((level) => `<li class="risk-${level}"><span>${riskLabel(level)}</span> ${formatInteger(report.byRisk[level])}</li>`).join('')}</ul>
</section>
`;
	yield* releaseSection(report);
	yield '\n';
	yield* advisorySection(report);
	yield `
${publisherSection(report)}
<section>
<h2>Packages</h2>
<p class="hint">Click a column heading to sort.</p>
<table id="packages">
<thead><tr>${headings.map((heading, index) => `<th data-column="${index}" data-type="${heading.type}" scope="col">${heading.label}</th>`).join('')}</tr></thead>
<tbody>
`;
	yield* joined(mapped(report.rowsByRisk, (row) => packageRow(row, report)));
	yield `
</tbody>
</table>
</section>
</main>
<script>${script}</script>
</body>
</html>
`;
}

const headings = [
	{label: 'Package', type: 'text'},
	{label: 'Risk', type: 'number'},
	{label: 'Score', type: 'number'},
	{label: 'Publishers', type: 'number'},
	{label: 'Weekly', type: 'number'},
	{label: 'Last release', type: 'number'},
	{label: 'Risk beneath', type: 'number'},
	{label: 'Why', type: 'text'},
	{label: 'Flags', type: 'text'},
	{label: 'Release', type: 'number'},
] as const;

function packageRow(row: ReportRow, report: PreparedReport): string {
	const lastDays = row.lastPublished ? daysSince(row.lastPublished, report.now) : null;
	const beneath = row.rollup ? riskRank(row.rollup.worst) : riskLevels.length;
	const marks = [
		row.node.direct ? 'direct' : '',
		row.node.dev ? 'dev' : '',
		row.node.optional ? 'optional' : '',
		row.node.locked === false ? 'resolved' : '',
	]
		.filter(Boolean)
		.map((mark) => ` <span class="tag">${mark}</span>`)
		.join('');
	const via = viaPhrase(row);
	const publishers = row.publisherNames ? ` title="${escapeHtml(row.publisherNames.join(', '))}"` : '';
	const cells = [
		cell(
			row.node.name,
			`<code>${escapeHtml(`${row.node.name}@${row.node.version}`)}</code>${marks}${via ? `<br><small>${escapeHtml(via)}</small>` : ''}`,
		),
		cell(riskRank(row.risk), `<span class="level">${riskLabel(row.risk)}</span>`),
		cell(row.score ?? -1, row.score === null ? '?' : String(row.score)),
		`<td data-value="${row.publishers ?? -1}"${publishers}>${row.publishers ?? '?'}</td>`,
		cell(row.weeklyDownloads ?? -1, formatCompact(row.weeklyDownloads)),
		cell(
			lastDays ?? Number.MAX_SAFE_INTEGER,
			`<span title="${escapeHtml(formatDate(row.lastPublished))}">${lastDays === null ? '?' : formatAgeShort(lastDays)}</span>`,
		),
		cell(beneath, escapeHtml(rollupPhrase(row.rollup)) || '—'),
		cell(row.reasons[0] ?? '', row.reasons.map((reason) => escapeHtml(reason)).join('<br>')),
		cell(
			row.flags.map((flag) => flag.id).join(' '),
			[
				...row.flags.map(
					(flag) =>
						`<span class="flag${flag.side === 'release' ? ' release' : ''}${flag.counted ? ' counted' : ''}" title="${escapeHtml(flag.message)}">${flag.id}</span>`,
				),
				...(row.report?.ignored ?? []).map(
					(finding) =>
						`<span class="flag accepted" title="${escapeHtml(`${finding.message} — ${acceptanceText(finding)}`)}">${escapeHtml(finding.id)} (accepted)</span>`,
				),
			].join(' ') || '—',
		),
		releaseCell(row, report),
	];
	return `<tr class="risk-${row.risk}">${cells.join('')}</tr>`;
}

/** The release side: its risk (sortable) and the locked version's age, the reason in the title. */
function releaseCell(row: ReportRow, report: PreparedReport): string {
	const release = row.report?.release;
	if (!release) return cell(releaseRiskLevels.length, '?');
	const published = release.publishedAt ? Date.parse(release.publishedAt) : Number.NaN;
	const age = Number.isNaN(published) ? '?' : formatAgeShortMs(report.now.getTime() - published);
	return cell(
		releaseRiskLevels.indexOf(release.risk),
		`<span class="release release-${release.risk}" title="${escapeHtml(release.reason)}">${release.risk.toUpperCase()}</span> · ${age}`,
	);
}

/** A cell with its sort value in `data-value` (escaped: it may be a package name). */
function cell(sortValue: string | number, html: string): string {
	return `<td data-value="${escapeHtml(String(sortValue))}">${html}</td>`;
}

/** The locked versions whose release looks wrong, worst first, with the evidence that counted. */
function* releaseSection(report: PreparedReport): Generator<string, void, undefined> {
	const rows = report.rows
		.filter((row) => isSuspiciousRelease(row.report ?? undefined))
		.sort(
			(a, b) =>
				releaseRiskLevels.indexOf(a.report!.release!.risk) -
					releaseRiskLevels.indexOf(b.report!.release!.risk) || (a.node.id < b.node.id ? -1 : 1),
		);
	if (rows.length === 0) {
		yield '<section>\n<h2>Release evidence</h2>\n<p>No locked version carries release evidence.</p>\n</section>';
		return;
	}

	const items = mapped(rows, (row) => {
		const release = row.report!.release!;
		const evidence = row.flags
			.filter((flag) => flag.side === 'release' && flag.counted)
			.map((flag) => `<li><code>${flag.id}</code> ${escapeHtml(flag.message)}</li>`)
			.join('');
		return `<tr class="risk-${release.risk}"><td><code>${escapeHtml(`${row.node.name}@${row.node.version}`)}</code></td><td><span class="level">${release.risk.toUpperCase()}</span></td><td>${escapeHtml(formatDate(release.publishedAt))}</td><td>${escapeHtml(release.publisher ?? '?')}</td><td><ul>${evidence}</ul></td></tr>`;
	});
	yield `<section>
<h2>Release evidence</h2>
<table class="release-evidence"><thead><tr><th>Package</th><th>Release risk</th><th>Published</th><th>By</th><th>Evidence</th></tr></thead>
<tbody>
`;
	yield* joined(items);
	yield '\n</tbody></table>\n</section>';
}

/** Every OSV advisory affecting a locked version of the scope, malicious reports first. */
function* advisorySection(report: PreparedReport): Generator<string, void, undefined> {
	const entries = advisoryRows(report);
	if (entries.length === 0) return;
	const rows = mapped(entries, ({row, advisory}) => {
		const aliases =
			advisory.aliases.length > 0
				? ` <span class="tag">${advisory.aliases.map(escapeHtml).join(', ')}</span>`
				: '';
		const level = advisory.malicious
			? 'critical'
			: advisory.severity === 'low'
				? 'good'
				: (advisory.severity ?? 'unknown');
		return `<tr class="risk-${level}"><td><code>${escapeHtml(`${row.node.name}@${row.node.version}`)}</code></td><td><code>${escapeHtml(advisory.id)}</code>${aliases}</td><td><span class="level">${advisory.malicious ? 'MALICIOUS' : escapeHtml((advisory.severity ?? '?').toUpperCase())}</span></td><td>${escapeHtml(advisory.summary ?? '')}</td><td>${advisory.fixed.map(escapeHtml).join(', ') || '—'}</td></tr>`;
	});
	yield `<section>
<h2>Advisories</h2>
<table class="advisories"><thead><tr><th>Package</th><th>Advisory</th><th>Severity</th><th>Summary</th><th>Fixed in</th></tr></thead>
<tbody>
`;
	yield* joined(rows);
	yield '\n</tbody></table>\n</section>';
}

function publisherSection(report: PreparedReport): string {
	if (report.publishers.length === 0) return '';
	const rows = report.publishers
		.slice(0, 20)
		.map(
			(reach) =>
				`<tr><td>${escapeHtml(reach.account)}</td><td>${reach.ecosystem}</td><td>${reach.packages.length}</td><td>${formatCompact(reach.weeklyDownloads)}</td></tr>`,
		)
		.join('\n');
	return `<section>
<h2>Top publisher accounts</h2>
<table class="publishers"><thead><tr><th>Account</th><th>Ecosystem</th><th>Packages it can publish</th><th>Weekly downloads</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

const css = `
:root{color-scheme:light dark;--critical:#b3001b;--high:#d9480f;--moderate:#b08800;--good:#2b8a3e;--healthy:#1c7ed6;--unknown:#868e96}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;max-width:110rem}
h1{margin:0 0 .25rem}.meta,.hint{color:#868e96;margin:.2rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #8884;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;position:sticky;top:0;background:Canvas}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td:nth-child(n+3):nth-child(-n+6){text-align:right;font-variant-numeric:tabular-nums}
.counts{display:flex;gap:1rem;list-style:none;padding:0;flex-wrap:wrap}
.counts li{border-left:4px solid;padding:.2rem .6rem}.counts span{font-weight:600}
.level{font-weight:700}.accepted{opacity:.55}.flag.counted{border-color:var(--high);color:var(--high)}.release-evidence ul{margin:0;padding-left:1rem}.tag,.flag{font-size:.8em;border:1px solid #8886;border-radius:3px;padding:0 .3em;white-space:nowrap}
${['critical', 'high', 'moderate', 'good', 'healthy', 'unknown'].map((level) => `.risk-${level} .level,li.risk-${level}{color:var(--${level});border-color:var(--${level})}`).join('\n')}
`;

// Sorts the packages table by the clicked column using each cell's data-value. No network, no eval.
const script = `
(function(){
var table=document.getElementById('packages');if(!table)return;
var heads=table.tHead.rows[0].cells;
for(var i=0;i<heads.length;i++)(function(th){th.addEventListener('click',function(){
var column=Number(th.getAttribute('data-column'));var numeric=th.getAttribute('data-type')==='number';
var ascending=th.getAttribute('aria-sort')!=='ascending';
for(var j=0;j<heads.length;j++)heads[j].removeAttribute('aria-sort');
th.setAttribute('aria-sort',ascending?'ascending':'descending');
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=a.cells[column].getAttribute('data-value');var y=b.cells[column].getAttribute('data-value');
var order=numeric?Number(x)-Number(y):x.localeCompare(y);return ascending?order:-order;});
rows.forEach(function(row){body.appendChild(row);});
});})(heads[i]);
})();
`;
