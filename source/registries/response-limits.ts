/**
 * How much a registry may send for one request, decompressed, by class of response. Each request says its
 * class (`RequestSpec.responseSize`); each class's limit is a setting (`maxResponseMB.<class>`). A response over
 * its limit stops being read there: that package's request fails ("response over 32 MB"), the scan goes on.
 */
export const responseSizes = ['large', 'medium', 'small'] as const;
export type ResponseSize = (typeof responseSizes)[number];

/** Defaults in MB: generous where documents really are big, tight where a big answer can only be an attack. */
export const defaultResponseLimitsMB: Readonly<Record<ResponseSize, number>> = {
	// npm packuments are streamed and only a few fields kept; real ones run to tens of MB.
	large: 256,
	// Documents read whole: PyPI JSON and simple index, a crates.io crate (a few MB; the largest tens of MB).
	medium: 32,
	// Download counts, owner lists and one version's dependency list (a wheel's METADATA, crates.io's list): a
	// year of days for 128 names is about 2 MB.
	small: 8,
};

/** What each class covers, for the settings screen and `commit-tui config`. */
export const responseSizeDescriptions: Readonly<Record<ResponseSize, string>> = {
	large: 'Largest response read, in MB: streamed documents (npm packuments).',
	medium:
		'Largest response read, in MB: documents read whole (PyPI JSON and simple index, crates.io crates).',
	small:
		"Largest response read, in MB: download counts, owner lists and one version's dependencies (a wheel's METADATA, crates.io).",
};

export const megabyte = 1024 * 1024;
