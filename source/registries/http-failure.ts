/** Why a request failed, in words short enough for a table cell. */
export type FailureKind =
	/** A non-2xx status; `statusCode` says which. */
	| 'status'
	/** The request's deadline passed (connecting, redirects and body included). */
	| 'timeout'
	/** DNS failure, connection refused, TLS error: the host is probably down for the whole run. */
	| 'unreachable'
	/** Reset, premature close: worth a retry. */
	| 'network'
	/**
	 * The body is not what the API documents (bad JSON, wrong shape, nested too deep), is larger than its
	 * limit, or the redirects go nowhere sensible. The same request would fail the same way: never retried.
	 */
	| 'invalid'
	| 'aborted';

/** A failed request. Its message never includes the URL (it may carry a token in a query) nor the body. */
export class HttpFailure extends Error {
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly statusCode: number | null = null,
		/** From a Retry-After header, as asked (uncapped); null when the server did not say. */
		readonly retryAfterMs: number | null = null,
		/** The system's error code behind an unreachable or network failure (`ENOTFOUND`); null otherwise. */
		readonly errno: string | null = null,
	) {
		super(message);
		this.name = 'HttpFailure';
	}
}
