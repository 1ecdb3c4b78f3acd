import {explain} from '@renovatebot/pep440';
import type {EnvironmentSetting} from '../types.js';
import type {MarkerEnvironment} from './markers.js';

/**
 * The Python environment dependencies are resolved for (`python.environment`): a version, a platform and an
 * implementation, written `3.12/linux-x86_64/cpython`. PEP 508 markers and `requires-python` are judged
 * against it, so `colorama; sys_platform == "win32"` is left out on Linux and `tomli; python_version < "3.11"`
 * on 3.12.
 */

/** Platform → the marker values Python reports there. */
const platforms: Readonly<
	Record<
		string,
		{
			readonly os_name: string;
			readonly sys_platform: string;
			readonly platform_system: string;
			readonly platform_machine: string;
		}
	>
> = {
	'linux-x86_64': {
		os_name: 'posix',
		sys_platform: 'linux',
		platform_system: 'Linux',
		platform_machine: 'x86_64',
	},
	'linux-aarch64': {
		os_name: 'posix',
		sys_platform: 'linux',
		platform_system: 'Linux',
		platform_machine: 'aarch64',
	},
	'macos-arm64': {
		os_name: 'posix',
		sys_platform: 'darwin',
		platform_system: 'Darwin',
		platform_machine: 'arm64',
	},
	'macos-x86_64': {
		os_name: 'posix',
		sys_platform: 'darwin',
		platform_system: 'Darwin',
		platform_machine: 'x86_64',
	},
	'windows-amd64': {
		os_name: 'nt',
		sys_platform: 'win32',
		platform_system: 'Windows',
		platform_machine: 'AMD64',
	},
	'windows-arm64': {
		os_name: 'nt',
		sys_platform: 'win32',
		platform_system: 'Windows',
		platform_machine: 'ARM64',
	},
};

const implementations: Readonly<Record<string, {readonly name: string; readonly platform: string}>> = {
	cpython: {name: 'cpython', platform: 'CPython'},
	pypy: {name: 'pypy', platform: 'PyPy'},
};

export const defaultPythonEnvironment = '3.12/linux-x86_64/cpython';

/** A parsed environment: the marker variables, and the full Python version for `requires-python`. */
export type PythonEnvironment = {
	readonly markers: MarkerEnvironment;
	readonly pythonFullVersion: string;
};

const cache = new Map<string, PythonEnvironment | null>();

/** `3.12/linux-x86_64/cpython` → the environment; null when the text is not one. */
export function parsePythonEnvironment(text: string): PythonEnvironment | null {
	const key = text.trim().toLowerCase();
	if (cache.has(key)) return cache.get(key)!;
	const [version = '', platform = '', implementation = ''] = key.split('/');
	const release = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
	const target = platforms[platform];
	const runtime = implementations[implementation];
	let result: PythonEnvironment | null = null;
	if (release && target && runtime && key.split('/').length === 3 && explain(version)) {
		const full = `${release[1]}.${release[2]}.${release[3] ?? '0'}`;
		result = {
			pythonFullVersion: full,
			markers: {
				python_version: `${release[1]}.${release[2]}`,
				python_full_version: full,
				...target,
				platform_python_implementation: runtime.platform,
				implementation_name: runtime.name,
				implementation_version: full,
				platform_release: '',
				platform_version: '',
			},
		};
	}

	cache.set(key, result);
	return result;
}

/** The environment for a setting's value, the default one when the value is not valid. */
export function pythonEnvironment(text: string): PythonEnvironment {
	return parsePythonEnvironment(text) ?? parsePythonEnvironment(defaultPythonEnvironment)!;
}

export const pythonEnvironmentSetting: EnvironmentSetting = {
	key: 'python.environment',
	label: 'Python environment',
	description:
		'The Python that dependencies are resolved for (markers, requires-python): version/platform/implementation.',
	defaultValue: defaultPythonEnvironment,
	validate: (text) =>
		parsePythonEnvironment(text)
			? null
			: `version/platform/implementation, e.g. ${defaultPythonEnvironment}; platforms ${Object.keys(platforms).join(', ')}; implementations ${Object.keys(implementations).join(', ')}`,
};
