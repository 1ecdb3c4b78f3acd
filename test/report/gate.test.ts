import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	compareRisk,
	defaultFailOn,
	gateExitCode,
	gateForReport,
	isAtLeast,
	parseFailOn,
	riskRank,
	tripsGate,
	worseOf,
} from '../../source/report/gate.js';
import {type RiskLevel, riskLevels} from '../../source/scoring/types.js';
import {isCi, loadWithInkForTerminal} from '../../source/util/ci.js';
import {makeGraph, makeReports} from '../helpers/factories.js';

describe('--fail-on gate', () => {
	it('exit 1 when any package is at or above the level, else 0', () => {
		const table: Array<[RiskLevel[], 'critical' | 'high' | 'moderate' | 'none', 0 | 1]> = [
			[['critical'], 'critical', 1],
			[['high'], 'critical', 0],
			[['high'], 'high', 1],
			[['critical'], 'high', 1],
			[['moderate'], 'high', 0],
			[['moderate'], 'moderate', 1],
			[['good', 'healthy'], 'moderate', 0],
			[['critical', 'high'], 'none', 0],
			[['unknown'], 'moderate', 0],
			[[], 'moderate', 0],
		];
		for (const [levels, failOn, expected] of table) {
			assert.equal(gateExitCode(levels, failOn), expected, `${levels.join(',')} --fail-on ${failOn}`);
		}
	});

	it('unknown never trips the gate', () => {
		for (const failOn of ['critical', 'high', 'moderate', 'none'] as const)
			assert.equal(tripsGate('unknown', failOn), false);
	});

	it('parses --fail-on values and defaults to high on CI', () => {
		assert.equal(parseFailOn('HIGH'), 'high');
		assert.equal(parseFailOn(' none '), 'none');
		assert.equal(parseFailOn('good'), null);
		assert.equal(parseFailOn(''), null);
		assert.equal(defaultFailOn({CI: 'true'}), 'high');
		assert.equal(defaultFailOn({CI: '1'}), 'high');
		assert.equal(defaultFailOn({CI: 'false'}), 'none');
		assert.equal(defaultFailOn({CI: ''}), 'none');
		assert.equal(defaultFailOn({}), 'none');
		assert.equal(defaultFailOn({CONTINUOUS_INTEGRATION: 'yes'}), 'high');
		assert.equal(defaultFailOn({CI: 'FALSE', CONTINUOUS_INTEGRATION: '0'}), 'none');
	});
});

describe('isCi and loading ink', () => {
	it('is CI when CI or CONTINUOUS_INTEGRATION has a value other than empty, 0 or false', () => {
		assert.equal(isCi({CI: 'true'}), true);
		assert.equal(isCi({CI: ' 1 '}), true);
		assert.equal(isCi({CONTINUOUS_INTEGRATION: 'true'}), true);
		for (const value of ['', '0', 'false', 'False', ' '])
			assert.equal(isCi({CI: value, CONTINUOUS_INTEGRATION: value}), false, JSON.stringify(value));
		assert.equal(isCi({}), false);
	});

	it('hides CI variables ink would misread while a UI module loads, then puts them back', async () => {
		const env: NodeJS.ProcessEnv = {CI: '', CONTINUOUS_INTEGRATION: 'false', OTHER: 'x'};
		const seen = await loadWithInkForTerminal(async () => ({...env}), env);
		assert.deepEqual(seen, {OTHER: 'x'});
		assert.deepEqual(env, {CI: '', CONTINUOUS_INTEGRATION: 'false', OTHER: 'x'});
		const ci: NodeJS.ProcessEnv = {CI: 'true'};
		assert.deepEqual(await loadWithInkForTerminal(async () => ({...ci}), ci), {CI: 'true'});
	});
});

describe('gateForReport', () => {
	const graph = makeGraph({
		roots: {app: ['a@1', 'b@1']},
		packages: {'a@1': ['c@1'], 'b@1': [], 'c@1': []},
	});
	const reports = makeReports(graph, {'npm:c@1': 'high', 'npm:b@1': 'critical'});

	it('looks only at the packages in scope', () => {
		assert.deepEqual(gateForReport({graph, reports}, 'high'), {exitCode: 1, tripped: ['npm:b@1', 'npm:c@1']});
		assert.deepEqual(gateForReport({graph, reports}, 'critical'), {exitCode: 1, tripped: ['npm:b@1']});
		const subtree = {graph, reports, scope: {kind: 'subtree', id: 'npm:a@1'} as const};
		assert.deepEqual(gateForReport(subtree, 'critical'), {exitCode: 0, tripped: []});
		assert.deepEqual(gateForReport(subtree, 'high'), {exitCode: 1, tripped: ['npm:c@1']});
		assert.deepEqual(gateForReport({graph, reports}, 'none'), {exitCode: 0, tripped: []});
	});

	it('packages without a report are unknown and never trip it', () => {
		assert.deepEqual(gateForReport({graph, reports: new Map()}, 'moderate'), {exitCode: 0, tripped: []});
	});
});

describe('level ordering', () => {
	it('orders worst first with unknown outside the scale', () => {
		assert.deepEqual([...riskLevels].reverse().sort(compareRisk), [...riskLevels]);
		assert.equal(riskRank('critical'), 0);
		assert.equal(riskRank('unknown'), 5);
		assert.equal(isAtLeast('critical', 'high'), true);
		assert.equal(isAtLeast('good', 'moderate'), false);
		assert.equal(isAtLeast('unknown', 'healthy'), false);
		assert.equal(worseOf('healthy', 'unknown'), 'healthy');
		assert.equal(worseOf('moderate', 'high'), 'high');
	});
});
