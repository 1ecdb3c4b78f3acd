import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {flagSpecs, helpText} from '../../source/cli/flags.js';
import {settingDescriptors} from '../../source/config/descriptors.js';
import {npmEcosystem} from '../../source/ecosystems/npm/index.js';
import {parseNpmrc} from '../../source/ecosystems/npm/npmrc.js';
import type {ResolvedEndpoints} from '../../source/ecosystems/types.js';
import {invalidEndpoint, resolveEndpoints} from '../../source/registries/endpoints.js';
import {authTokenFor} from '../../source/registries/urls.js';
import {temporaryDirectory} from '../helpers/registry-scan.js';

const folder = temporaryDirectory();

/** Where the npm ecosystem sends a name's packument request (its scope's registry, else the default). */
function registryFor(endpoints: ResolvedEndpoints, name: string): string {
	const metadata = npmEcosystem.registry.requests.find((request) => request.kind === 'metadata')!;
	return npmEcosystem.registry.baseFor!(metadata, name, endpoints);
}

/** npm's `${NAME}` syntax, spelled out so it is not mistaken for a template literal. */
function envReference(name: string): string {
	return ['$', '{', name, '}'].join('');
}
after(() => folder.remove());

function npmrcIn(name: string, text: string): string {
	const directory = path.join(folder.path, name);
	mkdirSync(directory, {recursive: true});
	writeFileSync(path.join(directory, '.npmrc'), text);
	return directory;
}

describe('resolveEndpoints', () => {
	test('defaults, each ending with /', () => {
		const endpoints = resolveEndpoints({env: {}, homeDir: null});
		assert.deepEqual(endpoints.urls, {
			npmRegistry: 'https://registry.npmjs.org/',
			npmDownloads: 'https://api.npmjs.org/',
			pypi: 'https://pypi.org/',
			pypistats: 'https://pypistats.org/',
			crates: 'https://crates.io/',
			cratesIndex: 'https://index.crates.io/',
			osv: 'https://api.osv.dev/',
		});
		assert.deepEqual(endpoints.routes, {npm: {}});
		assert.deepEqual(endpoints.authTokens, {});
	});

	test('flag over env over setting over npm config over default', () => {
		const home = npmrcIn('home-1', 'registry=https://home.example/npm\n');
		const project = npmrcIn('project-1', 'registry=https://project.example/npm/\n');
		const settings = {npmRegistry: 'https://setting.example', pypi: 'https://pypi-setting.example'};
		const env = {
			COMMIT_TUI_REGISTRY: 'https://env.example',
			COMMIT_TUI_PYPISTATS_URL: 'https://stats-env.example',
		};
		const base = {homeDir: home, projectDir: project};
		assert.equal(resolveEndpoints({...base, env: {}}).urls.npmRegistry, 'https://project.example/npm/');
		assert.equal(
			resolveEndpoints({...base, projectDir: null, env: {}}).urls.npmRegistry,
			'https://home.example/npm/',
		);
		assert.equal(
			resolveEndpoints({...base, env: {npm_config_registry: 'https://npmenv.example'}}).urls.npmRegistry,
			'https://npmenv.example/',
		);
		assert.equal(resolveEndpoints({...base, env: {}, settings}).urls.npmRegistry, 'https://setting.example/');
		assert.equal(resolveEndpoints({...base, env, settings}).urls.npmRegistry, 'https://env.example/');
		const flagged = resolveEndpoints({
			...base,
			env,
			settings,
			flags: {
				registry: 'http://127.0.0.1:9/npm',
				pypiUrl: 'http://127.0.0.1:9/pypi',
				downloadsUrl: 'http://d.example',
			},
		});
		assert.equal(flagged.urls.npmRegistry, 'http://127.0.0.1:9/npm/');
		assert.equal(flagged.urls.pypi, 'http://127.0.0.1:9/pypi/');
		assert.equal(flagged.urls.npmDownloads, 'http://d.example/');
		assert.equal(flagged.urls.pypistats, 'https://stats-env.example/');
		assert.equal(resolveEndpoints({...base, env: {}, settings}).urls.pypi, 'https://pypi-setting.example/');
	});

	test('scope registries and tokens from both files, project winning; env references expanded', () => {
		const home = npmrcIn(
			'home-2',
			'@corp:registry=https://home-corp.example/\n//home-corp.example/:_authToken=home-token\n',
		);
		const project = npmrcIn(
			'project-2',
			[
				'# comment',
				'; another',
				'@corp:registry = https://npm.corp.example/api/npm/',
				`//npm.corp.example/api/npm/:_authToken=${envReference('CORP_TOKEN')}`,
				'@other:registry="https://other.example"',
			].join('\n'),
		);
		const endpoints = resolveEndpoints({env: {CORP_TOKEN: 's3cret'}, homeDir: home, projectDir: project});
		assert.deepEqual(endpoints.routes.npm, {
			'@corp': 'https://npm.corp.example/api/npm/',
			'@other': 'https://other.example/',
		});
		assert.deepEqual(endpoints.authTokens, {
			'//home-corp.example/': 'home-token',
			'//npm.corp.example/api/npm/': 's3cret',
		});
		assert.equal(registryFor(endpoints, '@corp/tool'), 'https://npm.corp.example/api/npm/');
		assert.equal(registryFor(endpoints, '@babel/core'), endpoints.urls.npmRegistry);
		assert.equal(registryFor(endpoints, 'express'), endpoints.urls.npmRegistry);
	});
});

describe('invalidEndpoint', () => {
	test('names the first endpoint that is not an http(s) URL', () => {
		const good = resolveEndpoints({env: {}, homeDir: null});
		assert.equal(invalidEndpoint(good), null);
		assert.equal(
			invalidEndpoint(resolveEndpoints({env: {}, homeDir: null, flags: {pypiUrl: 'ftp://x.example'}})),
			'--pypi-url: not an http(s) URL: ftp://x.example/',
		);
		assert.equal(
			invalidEndpoint(resolveEndpoints({env: {}, homeDir: null, flags: {registry: 'not a url'}})),
			'--registry: not an http(s) URL: not a url/',
		);
	});
});

describe('auth tokens', () => {
	const tokens = parseNpmrc(
		'//npm.corp.example/api/npm/:_authToken=path-token\n//npm.corp.example/:_authToken=host-token\n',
		{},
	).authTokens;

	test('sent only to URLs under their //host/path/ prefix, longest prefix first', () => {
		assert.equal(authTokenFor('https://npm.corp.example/api/npm/@corp%2ftool', tokens), 'path-token');
		assert.equal(authTokenFor('https://npm.corp.example/other/x', tokens), 'host-token');
		assert.equal(authTokenFor('https://registry.npmjs.org/express', tokens), null);
		// A host that merely starts with the same letters is another host.
		assert.equal(authTokenFor('https://npm.corp.example.evil.test/api/npm/x', tokens), null);
		assert.equal(authTokenFor('https://evil.test/npm.corp.example/api/npm/x', tokens), null);
	});

	test('an unset variable expands to nothing and the line is ignored', () => {
		assert.deepEqual(parseNpmrc(`//h.example/:_authToken=${envReference('MISSING')}\n`, {}).authTokens, {});
	});

	test('a core (non-ecosystem) endpoint: --osv-url › COMMIT_TUI_OSV_URL › endpoints.osv › default, in flags and help', () => {
		assert.equal(
			resolveEndpoints({env: {}, homeDir: null, settings: {osv: 'https://osv-setting.example'}}).urls.osv,
			'https://osv-setting.example/',
		);
		assert.equal(
			resolveEndpoints({
				env: {COMMIT_TUI_OSV_URL: 'http://mirror.example/osv'},
				homeDir: null,
				settings: {osv: 'https://x.example'},
			}).urls.osv,
			'http://mirror.example/osv/',
		);
		const flagged = resolveEndpoints({
			flags: {osvUrl: 'http://flag.example/'},
			env: {COMMIT_TUI_OSV_URL: 'http://env.example/'},
			homeDir: null,
		});
		assert.equal(flagged.urls.osv, 'http://flag.example/');
		assert.equal(flagged.flagOf?.osv, '--osv-url');
		assert.ok('osvUrl' in flagSpecs);
		assert.match(
			helpText(),
			/--osv-url <url> +OSV advisories \(default: https:\/\/api\.osv\.dev\/; COMMIT_TUI_OSV_URL\)/,
		);
		assert.ok(settingDescriptors.some((descriptor) => descriptor.key === 'endpoints.osv'));
		assert.equal(
			invalidEndpoint(resolveEndpoints({flags: {osvUrl: 'ftp://x'}, env: {}, homeDir: null})),
			'--osv-url: not an http(s) URL: ftp://x/',
		);
	});
});
