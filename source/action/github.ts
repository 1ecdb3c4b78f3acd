/**
 * The two GitHub REST calls the action makes, with Node's own fetch: find the comment it left on a pull
 * request before (by a hidden marker), then update it, or create one. The base URL is `GITHUB_API_URL`
 * (GitHub Enterprise, or a local server in the tests).
 */

/** The hidden line that marks the action's comment, so a new push updates it instead of adding another. */
export const commentMarker = '<!-- commit-tui:diff -->';

export type GitHubClient = {
	readonly apiUrl: string;
	readonly token: string;
	/** `owner/name`. */
	readonly repository: string;
};

type Comment = {readonly id: number; readonly body?: string; readonly html_url?: string};

/** A failed API call: the status and GitHub's message. */
export class GitHubError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

async function request(
	client: GitHubClient,
	method: string,
	path: string,
	body?: unknown,
): Promise<Response> {
	const response = await fetch(new URL(path.replace(/^\//, ''), `${client.apiUrl.replace(/\/+$/, '')}/`), {
		method,
		headers: {
			accept: 'application/vnd.github+json',
			authorization: `Bearer ${client.token}`,
			'x-github-api-version': '2022-11-28',
			'user-agent': 'commit-tui-action',
			...(body === undefined ? {} : {'content-type': 'application/json'}),
		},
		...(body === undefined ? {} : {body: JSON.stringify(body)}),
	});
	if (!response.ok) {
		const text = await response.text().catch(() => '');
		let message = text;
		try {
			message = (JSON.parse(text) as {message?: string}).message ?? text;
		} catch {
			// Not JSON: keep the text.
		}

		throw new GitHubError(response.status, `${method} ${path}: HTTP ${response.status} ${message}`.trim());
	}

	return response;
}

/** The comment carrying the marker, looking through every page of the pull request's comments. */
export async function findMarkedComment(client: GitHubClient, issue: number): Promise<Comment | null> {
	for (let page = 1; page <= 50; page++) {
		const response = await request(
			client,
			'GET',
			`/repos/${client.repository}/issues/${issue}/comments?per_page=100&page=${page}`,
		);
		const comments = (await response.json()) as Comment[];
		const marked = comments.find((comment) => comment.body?.includes(commentMarker));
		if (marked) return marked;
		if (comments.length < 100) return null;
	}

	return null;
}

/** Posts the body as the pull request's one commit-tui comment: updated when it exists, created otherwise. */
export async function upsertComment(
	client: GitHubClient,
	issue: number,
	markdown: string,
): Promise<{readonly action: 'created' | 'updated'; readonly url: string | null}> {
	const body = `${commentMarker}\n${markdown}`;
	const existing = await findMarkedComment(client, issue);
	if (existing) {
		const response = await request(
			client,
			'PATCH',
			`/repos/${client.repository}/issues/comments/${existing.id}`,
			{body},
		);
		const updated = (await response.json()) as Comment;
		return {action: 'updated', url: updated.html_url ?? null};
	}

	const response = await request(client, 'POST', `/repos/${client.repository}/issues/${issue}/comments`, {
		body,
	});
	const created = (await response.json()) as Comment;
	return {action: 'created', url: created.html_url ?? null};
}
