/** A plain object (not null, not an array): the shape check every reader of untrusted JSON, YAML and TOML needs. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
