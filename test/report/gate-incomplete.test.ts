import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {exitCodes} from '../../source/report/exit-codes.js';
import {evaluateGate, gateMessages, levelOf, ruleOf} from '../../source/report/gate.js';
import {makeGraph, makeReport, makeReports} from '../helpers/factories.js';

const graph = makeGraph({
	roots: {app: ['a@1', 'b@1', 'c@1', 'd@1', 'w@1']},
	sources: {'w@1': 'workspace'},
});
const ids = [...graph.packages.keys()];
const gate = (
	reports: ReturnType<typeof makeReports>,
	extra: Partial<Parameters<typeof evaluateGate>[0]> = {},
) =>
	evaluateGate({ids, graph, reports, failOn: 'high', maxUnknownShare: 0.1, allowIncomplete: false, ...extra});

describe('the gate', () => {
	test('0 when nothing is at or above the level and everything is known', () => {
		const result = gate(makeReports(graph, {'npm:a@1': 'moderate'}));
		assert.equal(result.exitCode, exitCodes.ok);
		assert.deepEqual(gateMessages(result, 'high'), []);
	});

	test('1 with one line per package and the rule that put it there', () => {
		const reports = makeReports(graph, {'npm:a@1': 'high', 'npm:b@1': 'critical'});
		const result = gate(reports);
		assert.equal(result.exitCode, exitCodes.thresholdReached);
		assert.deepEqual(gateMessages(result, 'high'), [
			'2 packages at or above high (--fail-on high):',
			'  CRITICAL npm:b@1  critical by hand [risk/critical]',
			'  HIGH     npm:a@1  high by hand [risk/high]',
		]);
	});

	test('the lines are capped, with a count', () => {
		const many = makeGraph({roots: {app: Array.from({length: 30}, (_, index) => `p${index}@1`)}});
		const levels = Object.fromEntries([...many.packages.keys()].map((id) => [id, 'high' as const]));
		const result = evaluateGate({
			ids: [...many.packages.keys()],
			graph: many,
			reports: makeReports(many, levels),
			failOn: 'high',
			maxUnknownShare: 0.1,
			allowIncomplete: false,
		});
		const lines = gateMessages(result, 'high', 20);
		assert.equal(lines.length, 22);
		assert.equal(lines.at(-1), '  … and 10 more (all of them in the report)');
	});

	test('4 when too many registry packages are unknown; workspace packages do not count', () => {
		const reports = makeReports(graph);
		reports.delete('npm:a@1');
		reports.set('npm:w@1', makeReport('npm:w@1', {risk: 'unknown'}));
		const result = gate(reports);
		assert.equal(result.exitCode, exitCodes.incomplete);
		assert.deepEqual(result.incomplete, {
			unknown: 1,
			total: 4,
			share: 0.25,
			maxShare: 0.1,
			downHosts: [],
			allowed: false,
		});
		assert.deepEqual(gateMessages(result, 'high'), [
			'incomplete: 1 of 4 packages unknown (25%; at most 10% allowed); exit 4 (pass --allow-incomplete to accept what is known)',
		]);
		assert.equal(
			gate(reports, {maxUnknownShare: 0.25}).exitCode,
			exitCodes.ok,
			'at the share: still complete',
		);
		assert.equal(gate(reports, {allowIncomplete: true}).exitCode, exitCodes.ok);
		assert.match(
			gateMessages(gate(reports, {allowIncomplete: true}), 'high')[0]!,
			/accepted with --allow-incomplete$/,
		);
	});

	test('4 when a host was down, even with every package known; 1 still wins when something tripped', () => {
		const reports = makeReports(graph);
		const down = gate(reports, {downHosts: ['registry.npmjs.org: connection refused']});
		assert.equal(down.exitCode, exitCodes.incomplete);
		assert.match(gateMessages(down, 'high')[0]!, /— host registry\.npmjs\.org: connection refused; exit 4/);
		const tripped = gate(makeReports(graph, {'npm:a@1': 'critical'}), {downHosts: ['x: timed out']});
		assert.equal(tripped.exitCode, exitCodes.thresholdReached);
		// Not "accepted": --allow-incomplete was not given; exit 1 only takes precedence.
		assert.match(
			gateMessages(tripped, 'high').at(-1)!,
			/; it would be exit 4 without the packages above \(--allow-incomplete accepts what is known\)$/,
		);
	});

	test('--fail-on none never gates, incomplete or not', () => {
		const result = gate(new Map(), {failOn: 'none', downHosts: ['x: down']});
		assert.equal(result.exitCode, exitCodes.ok);
		assert.equal(result.incomplete, null);
	});

	test('a level the policy accepts does not trip the gate, and says so', () => {
		const reports = makeReports(graph);
		reports.set(
			'npm:a@1',
			makeReport('npm:a@1', {
				risk: 'critical',
				ignored: [
					{kind: 'level', id: 'critical', message: 'x', reason: 'vendored', source: '.commit-tui.yml:3'},
				],
			}),
		);
		const result = gate(reports);
		assert.equal(result.exitCode, exitCodes.ok);
		assert.deepEqual(gateMessages(result, 'high'), [
			'1 package at or above high accepted by the policy:',
			'  CRITICAL npm:a@1  critical by hand [risk/critical] — accepted: vendored (.commit-tui.yml:3)',
		]);
	});

	test('the level and rule come from one place', () => {
		assert.equal(levelOf(undefined), 'unknown');
		assert.equal(levelOf(makeReport('npm:a@1', {risk: 'high'})), 'high');
		assert.deepEqual(ruleOf(makeReport('npm:a@1', {risk: 'high', reasons: ['why']})), {
			rule: 'risk/high',
			reason: 'why',
		});
	});

	test('messages are sanitised', () => {
		const hostile = makeGraph({roots: {app: ['evil@1']}});
		const reports = makeReports(hostile);
		reports.set(
			'npm:evil@1',
			makeReport('npm:evil@1', {risk: 'high', reasons: ['\u001b]52;c;aGk=\u0007boom']}),
		);
		const result = evaluateGate({
			ids: ['npm:evil@1'],
			graph: hostile,
			reports,
			failOn: 'high',
			maxUnknownShare: 0.1,
			allowIncomplete: false,
		});
		for (const line of gateMessages(result, 'high')) assert.doesNotMatch(line, /\u001b|\u0007/);
	});
});
