import type {Settings} from '../config/settings.js';
import type {DependencyGraph} from '../graph/types.js';
import type {PolicyContext} from '../policy/apply.js';
import {describeThreshold, strictestByEcosystem} from '../policy/cooldown/audit.js';
import type {ProjectFileReader} from '../policy/cooldown/config-files.js';
import {cooldownChosen, loadProjectPolicy, settingsWithPolicy} from '../policy/load.js';
import {parseShare} from '../policy/policy-file.js';
import {defaultFailOn, defaultMaxUnknownShare} from '../report/gate.js';
import type {FailOn, ReportProjectPolicy} from '../report/types.js';
import {UsageError} from './errors.js';
import type {CliFlags} from './flags.js';
import type {GateSettings} from './headless.js';
import {printWarnings} from './warnings.js';

/** The project's policy, resolved for one run: scoring's view, the reports' view, the gate, the settings. */
export type RunPolicy = {
	readonly settings: Settings;
	readonly context: PolicyContext;
	readonly project: ReportProjectPolicy;
	readonly gate: GateSettings;
};

/**
 * Reads `.commit-tui.yml` (or `--policy`) and the project's tools' cooldown settings, and decides the gate:
 * `--fail-on` › the policy's `failOn` › `high` in CI, else `none`; `--max-unknown` › the policy's
 * `maxUnknown` › 10 %. Warnings (expired entries, unreadable tool settings) go to stderr.
 */
export function resolveRunPolicy(input: {
	readonly directory: string;
	readonly flags: Pick<CliFlags, 'failOn' | 'policy' | 'maxUnknown' | 'allowIncomplete'>;
	readonly settings: Settings;
	readonly graph: DependencyGraph;
	readonly env: NodeJS.ProcessEnv;
	readonly now: Date;
	/** Where the project's tool configs are read from (default: the directory on disk). */
	readonly read?: ProjectFileReader;
}): RunPolicy {
	const {flags, now} = input;
	const loaded = loadProjectPolicy({
		directory: input.directory,
		policyFile: flags.policy,
		...(input.read ? {read: input.read} : {}),
		now,
	});
	printWarnings(loaded.warnings);
	const policy = loaded.policy;
	const settings = settingsWithPolicy(input.settings, policy);
	let maxUnknownShare = policy?.maxUnknown ?? defaultMaxUnknownShare;
	if (flags.maxUnknown !== undefined) {
		const share = parseShare(flags.maxUnknown);
		if (share === null)
			throw new UsageError('--max-unknown takes a share from 0 to 1 or a percentage (0.1, 10%)');
		maxUnknownShare = share;
	}

	const failOn: FailOn = (flags.failOn as FailOn | undefined) ?? policy?.failOn ?? defaultFailOn(input.env);
	const ecosystemIds = [...new Set(input.graph.lockfiles.map((lockfile) => lockfile.ecosystem))];
	return {
		settings,
		context: {
			policy,
			cooldown: loaded.cooldown,
			cooldownChosen: cooldownChosen(input.settings, policy),
			now,
			releaseLevels: settings.releaseRisk,
		},
		project: {
			policyFile: policy?.file ?? null,
			cooldown: loaded.cooldown.settings,
			strictest: strictestByEcosystem(loaded.cooldown, ecosystemIds, now).map(({ecosystem, setting}) => ({
				ecosystem,
				description: describeThreshold(setting),
			})),
		},
		gate: {failOn, maxUnknownShare, allowIncomplete: flags.allowIncomplete === true},
	};
}
