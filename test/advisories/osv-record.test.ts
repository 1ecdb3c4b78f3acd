import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, test} from 'node:test';
import {mergeAliases} from '../../source/advisories/aliases.js';
import {cvss3BaseScore, ratingOf} from '../../source/advisories/cvss.js';
import {
	advisoryFor,
	affectsVersion,
	isMalicious,
	parseOsvRecord,
} from '../../source/advisories/osv-record.js';
import type {Advisory} from '../../source/advisories/types.js';
import {ecosystemFor} from '../../source/ecosystems/index.js';
import {HttpFailure} from '../../source/registries/http.js';
import {fixturePath} from '../helpers/paths.js';

/** Real OSV record shapes (ossf/malicious-packages, the GitHub advisory database, PyPA, RustSec). */
function record(id: string) {
	return parseOsvRecord(JSON.parse(readFileSync(fixturePath('osv', `${id}.json`), 'utf8')) as unknown);
}

const semverCompare = ecosystemFor('npm').versions.compare;
const pep440Compare = ecosystemFor('pypi').versions.compare;

describe('OSV records', () => {
	test('a MAL- report: malicious, its summary and alias; a withdrawn one says so', () => {
		const tinycolor = record('MAL-2025-47141');
		assert.equal(tinycolor.summary, 'Malicious code in @ctrl/tinycolor (npm)');
		assert.deepEqual(tinycolor.aliases, ['GHSA-qjqf-7j6f-82c4']);
		assert.equal(isMalicious(tinycolor), true);
		assert.equal(tinycolor.withdrawn, false);
		assert.equal(record('MAL-2026-4377').withdrawn, true);
		assert.equal(
			isMalicious({id: 'GHSA-fw8c-xr5c-95f9', aliases: ['MAL-2026-90001']}),
			true,
			'an alias of a MAL report',
		);
		assert.equal(isMalicious(record('GHSA-8hc4-vh64-cxmj')), false);
	});

	test('severity: GitHub’s level, else the CVSS v3 vector’s rating, else unknown', () => {
		const axios = record('GHSA-8hc4-vh64-cxmj');
		assert.equal(axios.severity, 'high');
		assert.equal(axios.score, null, 'no vector given');
		const time = record('RUSTSEC-2020-0071');
		assert.equal(time.score, 6.2);
		assert.equal(time.severity, 'moderate');
		assert.equal(record('PYSEC-2023-74').severity, null);
		assert.equal(
			record('PYSEC-2023-74').summary?.startsWith('Requests is a HTTP library.'),
			true,
			'first line of details',
		);
	});

	test('CVSS v3 base scores of well-known vectors', () => {
		assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
		assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'), 10);
		assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
		assert.equal(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'), 7.5);
		assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
		assert.equal(cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), null);
		assert.equal(cvss3BaseScore('CVSS:3.1/AV:X'), null);
		assert.deepEqual([9.8, 7.5, 6.1, 2, 0].map(ratingOf), ['critical', 'high', 'moderate', 'low', null]);
	});

	test('ranges as OSV evaluates them: introduced, fixed, last_affected, "0", lists, GIT ignored', () => {
		const [tinycolor] = record('MAL-2025-47141').affected;
		assert.ok(affectsVersion(tinycolor!, '4.1.1', semverCompare));
		assert.ok(affectsVersion(tinycolor!, '3.0.0', semverCompare), 'introduced "0": every version');
		const [axios] = record('GHSA-8hc4-vh64-cxmj').affected;
		assert.ok(affectsVersion(axios!, '1.7.2', semverCompare));
		assert.ok(affectsVersion(axios!, '1.3.2', semverCompare));
		assert.ok(!affectsVersion(axios!, '1.3.1', semverCompare));
		assert.ok(!affectsVersion(axios!, '1.7.4', semverCompare), 'fixed');
		const [time] = record('RUSTSEC-2020-0071').affected;
		const crate = ecosystemFor('cargo').versions.compare;
		assert.deepEqual(
			['0.1.45', '0.2.0', '0.2.6', '0.2.7', '0.2.22', '0.2.23', '0.3.36'].map((version) =>
				affectsVersion(time!, version, crate),
			),
			[true, false, false, true, true, false, false],
		);
		const [requests] = record('PYSEC-2023-74').affected;
		assert.equal(requests!.ranges.length, 1, 'the GIT range names commits: left out');
		assert.ok(affectsVersion(requests!, '2.30.0', pep440Compare));
		assert.ok(affectsVersion(requests!, '2.30', pep440Compare), 'PEP 440: 2.30 = 2.30.0');
		assert.ok(!affectsVersion(requests!, '2.31.0', pep440Compare));
		assert.ok(!affectsVersion(requests!, '2.2.1', pep440Compare));
		const [plex] = record('MAL-2026-4377').affected;
		assert.ok(affectsVersion(plex!, '6.0.0', semverCompare));
		assert.ok(!affectsVersion(plex!, '6.0.1', semverCompare));
		assert.ok(
			!affectsVersion(plex!, 'not-a-version', semverCompare),
			'an unorderable version is never guessed',
		);
	});

	test('as one package sees it: the fixed-in versions of its own affected entries', () => {
		const axios = advisoryFor(
			record('GHSA-8hc4-vh64-cxmj'),
			(affected) => affected.name.toLowerCase() === 'axios',
		);
		assert.deepEqual(axios, {
			id: 'GHSA-8hc4-vh64-cxmj',
			aliases: ['CVE-2024-39338'],
			summary: 'Server-Side Request Forgery in axios',
			severity: 'high',
			score: null,
			fixed: ['1.7.4'],
			malicious: false,
			modified: '2024-08-13T19:53:25Z',
			url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-39338',
		});
		assert.deepEqual(advisoryFor(record('RUSTSEC-2020-0071'), () => true).fixed, ['0.2.0', '0.2.23']);
	});

	test('not a record → invalid', () => {
		assert.throws(() => parseOsvRecord({summary: 'no id'}), HttpFailure);
		assert.throws(() => parseOsvRecord([]), HttpFailure);
	});
});

describe('alias chains', () => {
	const advisory = (id: string, aliases: string[], extra: Partial<Advisory> = {}): Advisory => ({
		id,
		aliases,
		summary: null,
		severity: null,
		score: null,
		fixed: [],
		malicious: id.startsWith('MAL-'),
		modified: null,
		url: null,
		...extra,
	});

	test('records that alias each other, even through a third, are one advisory led by its MAL- id', () => {
		const merged = mergeAliases([
			advisory('GHSA-aaaa-aaaa-aaaa', ['MAL-2026-1'], {severity: 'critical', summary: 'from GitHub'}),
			advisory('MAL-2026-1', ['GHSA-aaaa-aaaa-aaaa']),
			advisory('PYSEC-2026-9', ['CVE-2026-5'], {severity: 'moderate', fixed: ['2.0']}),
			advisory('GHSA-bbbb-bbbb-bbbb', ['CVE-2026-5'], {severity: 'high', fixed: ['2.0', '1.9.9']}),
			advisory('RUSTSEC-2026-1', []),
		]);
		assert.deepEqual(
			merged.map((entry) => [entry.id, entry.aliases, entry.severity, entry.malicious, entry.fixed]),
			[
				['GHSA-bbbb-bbbb-bbbb', ['CVE-2026-5', 'PYSEC-2026-9'], 'high', false, ['2.0', '1.9.9']],
				['MAL-2026-1', ['GHSA-aaaa-aaaa-aaaa'], 'critical', true, []],
				['RUSTSEC-2026-1', [], null, false, []],
			],
		);
		assert.equal(merged[1]!.summary, 'from GitHub');
	});
});
