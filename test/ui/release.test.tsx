import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {render} from 'ink-testing-library';
import {scoreWithSettings, treeEvidenceWithSettings} from '../../source/config/score-with.js';
import {defaultSettings} from '../../source/config/settings.js';
import type {PackageFacts, VersionFacts} from '../../source/registries/types.js';
import {packageNoticeIds, releaseEvidenceIds} from '../../source/scoring/release/types.js';
import {App} from '../../source/ui/app.js';
import {daysAgo, makeFacts, makeVersion} from '../helpers/factories.js';
import {FakeScan, fixedNow, makeGraph} from '../helpers/ink-fixtures.js';
import {keys, pressUntil, typeKeys, waitFor, waitForFrame} from '../helpers/terminal.js';

/**
 * The release side on screen: the AGE column, the detail pane's "This release", the `?` legend of every
 * release flag and the "suspicious releases only" filter — with the real scorer and the store's tree-level
 * evidence (a brand-new dependency, an account releasing three repositories at once).
 */

const graph = makeGraph({
	app: ['hijacked@1.14.1', 'steady@2.0.0', 'burst-a@1.0.1', 'burst-b@1.0.1', 'burst-c@1.0.1'],
	'hijacked@1.14.1': ['plain-crypto-js@4.2.1'],
	'plain-crypto-js@4.2.1': [],
	'steady@2.0.0': [],
	'burst-a@1.0.1': [],
	'burst-b@1.0.1': [],
	'burst-c@1.0.1': [],
});

const coverage = {provenance: true, trustedPublishing: true, installScripts: true} as const;
const hour = 1 / 24;
const at = (days: number) => daysAgo(days, fixedNow);
const trusted = {provider: 'github', identity: 'oidc:9061ef30-3132-49f4-b28c-9338d192a1a9'};

function facts(name: string, version: string, versions: VersionFacts[], extra: Record<string, unknown> = {}) {
	return makeFacts({
		name,
		version,
		versions,
		coverage,
		publishers: ['alice', 'bob', 'carol', 'dave', 'erin'],
		weekly: 5_000_000,
		now: fixedNow,
		...extra,
	});
}

const allFacts: Record<string, PackageFacts> = {
	'npm:hijacked@1.14.1': facts('hijacked', '1.14.1', [
		makeVersion('1.0.0', at(2000), {publishedBy: 'alice'}),
		makeVersion('1.14.0', at(40), {
			publishedBy: 'GitHub Actions',
			trustedPublisher: trusted,
			provenance: true,
			dependencies: {prod: {}},
		}),
		makeVersion('1.14.1', at(2 * hour), {
			publishedBy: 'alice',
			installScripts: {postinstall: 'node setup.js'},
			dependencies: {prod: {'plain-crypto-js': '^4.2.1'}},
		}),
	]),
	'npm:plain-crypto-js@4.2.1': facts(
		'plain-crypto-js',
		'4.2.1',
		[makeVersion('4.2.1', at(1), {publishedBy: 'nrwise'})],
		{
			publishers: ['nrwise'],
			weekly: 20,
		},
	),
	'npm:steady@2.0.0': facts('steady', '2.0.0', [
		makeVersion('1.0.0', at(2000), {publishedBy: 'alice'}),
		makeVersion('2.0.0', at(200), {publishedBy: 'alice'}),
	]),
	...Object.fromEntries(
		['a', 'b', 'c'].map((letter, index) => [
			`npm:burst-${letter}@1.0.1`,
			facts(
				`burst-${letter}`,
				'1.0.1',
				[
					makeVersion('1.0.0', at(2000), {publishedBy: 'alice'}),
					makeVersion('1.0.1', at(1 + index * hour), {publishedBy: 'alice'}),
				],
				{repository: `https://github.com/victim/burst-${letter}`},
			),
		]),
	),
};

let unmount: (() => void) | null = null;
afterEach(() => {
	unmount?.();
	unmount = null;
});

async function setup(rows = 40) {
	const scans: FakeScan[] = [];
	const instance = render(
		<App
			graph={graph}
			settings={defaultSettings}
			startScan={(signal) => {
				const scan = new FakeScan(signal);
				scans.push(scan);
				return scan;
			}}
			score={(id, data, settings) => scoreWithSettings(id, data, settings, fixedNow)}
			withTree={(report, tree, settings) => treeEvidenceWithSettings(report, tree, settings, fixedNow)}
			exportReport={async () => ''}
			saveSettings={() => {}}
			lockfileLabel="app/package-lock.json"
			offline={false}
			now={fixedNow}
			initialSize={{columns: 120, rows}}
			flushMs={5}
			prioritizeMs={5}
			colorAllowed={false}
		/>,
	);
	unmount = instance.unmount;
	await waitFor(() => scans.length === 1, 1000, 'the scan to start');
	for (const [id, data] of Object.entries(allFacts)) scans[0]!.push({type: 'facts', id, facts: data});
	return Object.assign(instance, {scan: scans[0]!});
}

const line = (frame: string, name: string) => frame.split('\n').find((text) => text.includes(name)) ?? '';

test('the tree: combined RISK from the release side and the locked version’s AGE, hours while young', async () => {
	const {lastFrame} = await setup();
	const frame = await waitForFrame(
		lastFrame,
		(text) => /burst-c@1\.0\.1\s+HIGH/.test(text) && /steady@2\.0\.0\s+GOOD/.test(text),
	);
	assert.match(frame, /AGE/);
	assert.match(line(frame, 'hijacked@1.14.1'), /HIGH.*\s2h\s*$/);
	assert.match(line(frame, 'steady@2.0.0'), /GOOD.*\s6mo$/, 'nothing unusual about its release');
	// Each burst package alone is unremarkable; the tree shows the account releasing three repositories at once.
	for (const letter of ['a', 'b', 'c']) assert.match(line(frame, `burst-${letter}@1.0.1`), /HIGH/);
});

test('the detail pane: "This release" before the score, with the evidence and the versions compared', async () => {
	const {lastFrame, stdin} = await setup(60);
	await waitForFrame(lastFrame, (text) => /hijacked@1\.14\.1\s+HIGH/.test(text));
	await pressUntil(stdin, keys.down, () => /^›.*hijacked/m.test(lastFrame() ?? ''));
	await typeKeys(stdin, keys.enter);
	const frame = await waitForFrame(lastFrame, (text) => text.includes('This release'));
	assert.ok(frame.indexOf('This release') < frame.indexOf('Score (structure: HEALTHY)'));
	assert.match(frame, /hijacked@1\.14\.1 · HIGH/);
	assert.match(frame, /This release · HIGH/);
	assert.match(
		frame,
		/1\.14\.1 published 2 hours ago \(2026-10-31\) by alice \(an account, not trusted publishing\)/,
	);
	assert.match(frame, /provenance: none · trust: none/);
	assert.match(frame, /install scripts: postinstall: node setup\.js/);
	assert.match(frame, /compared with 1\.14\.0 \(2026-09-22\): adds plain-crypto-js/);
	// Long evidence wraps instead of being cut: read it with the line breaks taken out.
	const text = frame.replace(/\n\s+/g, ' ');
	assert.match(
		text,
		/release: 2 hours old, adds a postinstall script, drops the trusted publishing with provenance earlier versions had, adds a new dependency, its publisher released 4 repositories at once/,
	);
	assert.match(
		text,
		/⚑ install-script-added: 1\.14\.1 adds a postinstall script \(node setup\.js\) that 1\.14\.0 did not have/,
	);
	assert.match(
		text,
		/⚑ new-dependency: 1\.14\.1 adds plain-crypto-js \(first published 1 day ago, 20 downloads a week\), which 1\.14\.0 did not depend on/,
	);
	assert.match(
		text,
		/⚑ account-burst: alice published versions of 4 repositories of this tree within 48 hours of 1\.14\.1: burst-a, burst-b, burst-c and 1 more/,
	);
	assert.match(text, /⚑ dormant-publisher: 4 accounts can still publish/);
});

test('? lists every release flag in the legend', async () => {
	const {lastFrame, stdin} = await setup(80);
	await waitForFrame(lastFrame, (text) => text.includes('hijacked'));
	await typeKeys(stdin, '?');
	await waitForFrame(lastFrame, (text) => text.includes('Release evidence'));
	// Page down to the end of the page, keeping every screen seen on the way (the last section is the flags).
	const seen: string[] = [lastFrame() ?? ''];
	const lastId = packageNoticeIds.at(-1)!;
	await pressUntil(
		stdin,
		keys.pageDown,
		() => {
			seen.push(lastFrame() ?? '');
			return new RegExp(`^\\s+${lastId}\\s+\\S`, 'm').test(seen.at(-1)!);
		},
		3000,
	);
	const frame = seen.join('\n');
	for (const id of [...releaseEvidenceIds, ...packageNoticeIds])
		assert.match(frame, new RegExp(`^\\s+${id}\\s+\\S`, 'm'), id);
	assert.match(frame, /^\s+AGE\s+age of the locked version/m);
	assert.match(frame, /suspicious releases only/);
});

test('f reaches "suspicious releases only": the suspicious rows and their ancestors, nothing else', async () => {
	const {lastFrame, stdin} = await setup();
	await waitForFrame(
		lastFrame,
		(text) => /steady@2\.0\.0\s+GOOD/.test(text) && /burst-c@1\.0\.1\s+HIGH/.test(text),
	);
	await pressUntil(stdin, 'f', () => /filter: suspicious releases only/.test(lastFrame() ?? ''), 3000, 60);
	const frame = lastFrame() ?? '';
	assert.doesNotMatch(frame, /steady@2\.0\.0/);
	assert.match(frame, /hijacked@1\.14\.1/);
	assert.match(frame, /burst-a@1\.0\.1/);
	assert.match(frame, /filter: suspicious releases/);
});

test('ADV: MAL or the count and worst severity; a jumps to the next package with advisories; the detail lists them', async () => {
	const instance = await setup(50);
	const {lastFrame, stdin} = instance;
	const {scan} = instance;
	const advisory = (id: string, extra: Record<string, unknown>) => ({
		id,
		aliases: [] as string[],
		summary: `${id} summary`,
		severity: null,
		score: null,
		fixed: [] as string[],
		malicious: false,
		modified: null,
		url: null,
		...extra,
	});
	const answer = (found: ReturnType<typeof advisory>[]) => ({
		advisories: found,
		error: null,
		fetchedAt: null,
		source: 'api' as const,
	});
	scan.push({
		type: 'advisories',
		id: 'npm:plain-crypto-js@4.2.1',
		advisories: answer([
			advisory('MAL-2026-90001', {
				malicious: true,
				aliases: ['GHSA-fw8c-xr5c-95f9'],
				summary: 'Malicious code in plain-crypto-js (npm)',
			}),
		]),
	});
	scan.push({
		type: 'advisories',
		id: 'npm:steady@2.0.0',
		advisories: answer([
			advisory('GHSA-1111-2222-3333', {severity: 'low'}),
			advisory('GHSA-4444-5555-6666', {severity: 'high', fixed: ['2.0.1'], score: 7.5}),
		]),
	});
	for (const id of ['npm:hijacked@1.14.1', 'npm:burst-a@1.0.1', 'npm:burst-b@1.0.1', 'npm:burst-c@1.0.1'])
		scan.push({type: 'advisories', id, advisories: answer([])});
	let frame = await waitForFrame(lastFrame, (text) => /steady@2\.0\.0[^\n]*\s2H\s*$/m.test(text));
	assert.match(frame, /ADV/);
	// Its own level is HIGH; the malicious release beneath it is the ▲1.
	assert.match(line(frame, 'hijacked@1.14.1'), /HIGH\s+▲1/, 'a malicious dependency beneath it');
	assert.match(
		line(frame, 'steady@2.0.0'),
		/^\s+steady@2\.0\.0\s+HIGH/,
		'a high vulnerability raises it to HIGH',
	);
	await typeKeys(stdin, 'a');
	frame = await waitForFrame(lastFrame, (text) => /^›.*plain-crypto-js@4\.2\.1[^\n]*MAL\s*$/m.test(text));
	assert.match(frame, /1 advisory · 1\/2 · 2 packages · a\/A to step/);
	await typeKeys(stdin, 'a');
	frame = await waitForFrame(lastFrame, (text) => /^›.*steady@2\.0\.0/m.test(text));
	await typeKeys(stdin, keys.enter);
	frame = await waitForFrame(lastFrame, (text) => text.includes('advisories (OSV): 2'));
	assert.match(frame, /⚠ GHSA-4444-5555-6666 HIGH 7\.5: GHSA-4444-5555-6666 summary · fixed in 2\.0\.1/);
	assert.match(frame, /⚠ GHSA-1111-2222-3333 LOW: /);
	assert.match(
		frame.replace(/\n\s+/g, ' '),
		/⚑ vulnerable: 2\.0\.0 has 2 known vulnerabilities, the worst high/,
	);
});
