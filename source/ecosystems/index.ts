import {cargoEcosystem} from './cargo/index.js';
import {npmEcosystem} from './npm/index.js';
import {pypiEcosystem} from './pypi/index.js';
import type {EcosystemModule} from './types.js';

/**
 * Every ecosystem commit-tui knows, in the order lockfiles are listed and help is written. Adding one is a
 * folder under `source/ecosystems/` and one line here.
 */
export const ecosystems: readonly EcosystemModule[] = [npmEcosystem, pypiEcosystem, cargoEcosystem];

const byId = new Map(ecosystems.map((ecosystem) => [ecosystem.id, ecosystem]));

/** The module for an ecosystem id; throws for an id no module has (a bug, not a user error). */
export function ecosystemFor(id: string): EcosystemModule {
	const ecosystem = byId.get(id);
	if (!ecosystem) throw new Error(`unknown ecosystem "${id}"`);
	return ecosystem;
}

/** The module for an id, or undefined (for ids read from user input). */
export function findEcosystem(id: string): EcosystemModule | undefined {
	return byId.get(id);
}

export type {EcosystemModule} from './types.js';
