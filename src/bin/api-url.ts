/** Where the HTTP command-line tools (npm run demo, npm run import) send their requests when API_URL is unset. */
export const DEFAULT_API_URL = 'http://localhost:3000';

/** API_URL (or the default) without a trailing slash; `fail` builds the tool's own usage error for a bad value. */
export function apiUrlFrom(env: { API_URL?: string }, fail: (message: string) => Error): string {
  const apiUrl = (env.API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw fail(`API_URL is not a URL: ${apiUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`API_URL must be http(s): ${apiUrl}`);
  }
  return apiUrl;
}
