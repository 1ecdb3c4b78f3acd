import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	parsePythonEnvironment,
	pythonEnvironmentSetting,
} from '../../../source/ecosystems/pypi/environment.js';
import {markerHolds, parseMarker} from '../../../source/ecosystems/pypi/markers.js';

const linux = parsePythonEnvironment('3.12/linux-x86_64/cpython')!.markers;
const windows = parsePythonEnvironment('3.9/windows-amd64/cpython')!.markers;
const mac = parsePythonEnvironment('3.13.1/macos-arm64/pypy')!.markers;

describe('PEP 508 markers', () => {
	test('the default target: CPython 3.12 on Linux x86-64', () => {
		assert.equal(markerHolds('sys_platform == "win32"', linux), false);
		assert.equal(markerHolds('sys_platform == "linux"', linux), true);
		assert.equal(markerHolds("platform_system == 'Windows'", linux), false);
		assert.equal(markerHolds('os_name == "posix" and platform_machine == "x86_64"', linux), true);
		assert.equal(markerHolds('platform_python_implementation == "CPython"', linux), true);
		assert.equal(markerHolds('implementation_name == "pypy"', linux), false);
	});

	test('versions compare as PEP 440, not as strings ("3.12" > "3.9")', () => {
		assert.equal(markerHolds('python_version < "3.11"', linux), false);
		assert.equal(markerHolds('python_version >= "3.8"', linux), true);
		assert.equal(markerHolds('python_version > "3.9"', linux), true, 'a string compare would say false');
		assert.equal(markerHolds('python_version < "3.11"', windows), true);
		assert.equal(markerHolds('python_full_version >= "3.12.0"', linux), true);
		assert.equal(markerHolds('python_version == "3.12.*"', linux), true);
		assert.equal(markerHolds('python_version ~= "3.10"', linux), true);
		assert.equal(markerHolds('python_version != "3.12"', linux), false);
		assert.equal(markerHolds('python_full_version < "3.13.2"', mac), true);
	});

	test('the variable may stand on the right', () => {
		assert.equal(markerHolds('"3.11" <= python_version', linux), true);
		assert.equal(markerHolds('"3.13" <= python_version', linux), false);
		assert.equal(markerHolds('"win32" == sys_platform', windows), true);
	});

	test('and binds tighter than or; parentheses group', () => {
		assert.equal(
			markerHolds('sys_platform == "win32" or sys_platform == "linux" and python_version >= "3.8"', linux),
			true,
		);
		assert.equal(
			markerHolds('(sys_platform == "win32" or sys_platform == "linux") and python_version < "3.8"', linux),
			false,
		);
		assert.equal(
			markerHolds(
				'sys_platform == "darwin" and (implementation_name == "pypy" or python_version < "3")',
				mac,
			),
			true,
		);
	});

	test('in and not in are substring tests on strings', () => {
		assert.equal(markerHolds('"linux" in sys_platform', linux), true);
		assert.equal(markerHolds('platform_machine not in "arm64 aarch64"', linux), true);
		assert.equal(markerHolds('platform_machine in "arm64 aarch64"', mac), true);
	});

	test('extra: true for an extra asked for, compared normalised (PEP 685); false without', () => {
		assert.equal(markerHolds('extra == "socks"', linux), false);
		assert.equal(markerHolds('extra == "socks"', linux, new Set(['socks'])), true);
		assert.equal(markerHolds('extra == "use_chardet_on_py3"', linux, new Set(['use-chardet-on-py3'])), true);
		assert.equal(
			markerHolds('python_version < "3.8" and extra == "socks"', linux, new Set(['socks'])),
			false,
		);
		assert.equal(markerHolds('"dev" in dependency_groups', linux), false);
		assert.equal(markerHolds("'socks' in extras", linux, new Set(['socks'])), true);
	});

	test('invalid markers do not parse, and then hold (a dependency is shown rather than silently dropped)', () => {
		for (const text of [
			'',
			'python_version <',
			'unknown_var == "x"',
			'(sys_platform == "linux"',
			'sys_platform = "linux"',
		])
			assert.equal(parseMarker(text), null, text);
		assert.equal(markerHolds('python_version <', linux), true);
		assert.notEqual(parseMarker("os.name == 'nt'"), null, 'old spellings are accepted');
		assert.equal(markerHolds("os.name == 'nt'", windows), true);
	});
});

describe('python.environment', () => {
	test('version/platform/implementation', () => {
		const environment = parsePythonEnvironment('3.11/windows-amd64/cpython')!;
		assert.equal(environment.pythonFullVersion, '3.11.0');
		assert.deepEqual(
			[environment.markers.sys_platform, environment.markers.platform_machine, environment.markers.os_name],
			['win32', 'AMD64', 'nt'],
		);
		assert.equal(parsePythonEnvironment('3.12.4/linux-aarch64/pypy')!.markers.implementation_name, 'pypy');
	});

	test('anything else is refused with what is allowed', () => {
		for (const text of [
			'3.12',
			'3.12/linux/cpython',
			'three/linux-x86_64/cpython',
			'3.12/linux-x86_64/jython',
			'3.12/linux-x86_64/cpython/x',
		])
			assert.equal(parsePythonEnvironment(text), null, text);
		assert.equal(pythonEnvironmentSetting.validate(pythonEnvironmentSetting.defaultValue), null);
		assert.match(
			pythonEnvironmentSetting.validate('3.12')!,
			/version\/platform\/implementation, e\.g\. 3\.12\/linux-x86_64\/cpython/,
		);
	});
});
