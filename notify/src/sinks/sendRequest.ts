import { parseRetryAfter } from "./parseRetryAfter.js";
import type { RenderRequestReturnType } from "./renderRequest.js";

export type SendRequestParameters = { request: RenderRequestReturnType; timeoutMs: number };

/** `ok`; `retry` (5xx, 429, network error or timeout; with the receiver's Retry-After when given); `fail` (any other status: the request itself is wrong). */
export type SendRequestReturnType =
  | { outcome: "ok"; status: number }
  | { outcome: "retry"; status?: number; retryAfterMs?: number; error: string }
  | { outcome: "fail"; status: number; error: string };

/** One POST; the outcome classified for the retry policy. Never throws. */
export async function sendRequest({ request, timeoutMs }: SendRequestParameters): Promise<SendRequestReturnType> {
  let res: Response;
  try {
    res = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { outcome: "retry", error: err.name === "TimeoutError" ? `timeout after ${timeoutMs} ms` : (err.cause?.code ?? err.message) };
  }
  const text = await res.text().catch(() => "");
  if (res.ok) return { outcome: "ok", status: res.status };
  const error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  if (res.status === 429 || res.status >= 500) {
    let retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    if (retryAfterMs === undefined) {
      // Telegram puts it in the body: { ok: false, parameters: { retry_after: seconds } }
      try {
        const s = (JSON.parse(text) as { parameters?: { retry_after?: number } }).parameters?.retry_after;
        if (typeof s === "number") retryAfterMs = s * 1000;
      } catch {
        /* not JSON */
      }
    }
    return { outcome: "retry", status: res.status, retryAfterMs, error };
  }
  return { outcome: "fail", status: res.status, error };
}
