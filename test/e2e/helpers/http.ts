/** Small HTTP helpers for the end-to-end suites (real servers on loopback). */

/** A fetched JSON response. */
export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** GETs a URL and parses the body as JSON. */
export async function getJson<T = unknown>(
  url: string,
  init?: RequestInit,
): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new Error(
      `${url}: answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** POSTs raw bytes. */
export async function post(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; bytes: Uint8Array; text: string }> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    text: Buffer.from(bytes).toString('utf8'),
  };
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns it. Data travels
 * asynchronously (exporters, queue), so tests wait for the state they expect instead of
 * sleeping; the deadline only bounds a failing test.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  deadlineMillis = 15_000,
): Promise<T> {
  const end = Date.now() + deadlineMillis;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) {
      throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
