/**
 * Extracts a human message from any Halo error body (halo-api.md §4.3): OAuth `{error,
 * error_description}`, ASP.NET model state, `{resultCode, errorMessage}`, a serialised .NET
 * exception `{ClassName, Message}`, `{Message}`, `{message}`, a JSON string, or plain text.
 */

/** Longest message kept; Halo sometimes answers with a whole HTML error page. */
const MAX_MESSAGE_LENGTH = 500;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** `{"[0].name": ["required"]}` -> `[0].name: required`; undefined if not a model-state map. */
function modelState(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const parts: string[] = [];
  for (const [field, msgs] of Object.entries(v)) {
    const list = Array.isArray(msgs) ? msgs.filter((m): m is string => typeof m === 'string') : [];
    if (list.length === 0) return undefined;
    parts.push(field === '' ? list.join(' ') : `${field}: ${list.join(' ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function fromObject(body: Record<string, unknown>): string | undefined {
  const oauth = str(body.error);
  if (oauth !== undefined) {
    const desc = str(body.error_description);
    return desc !== undefined ? `${oauth}: ${desc}` : oauth;
  }
  const errors = modelState(body.errors);
  if (errors !== undefined) {
    const title = str(body.title);
    return title !== undefined ? `${title} ${errors}` : errors;
  }
  const direct =
    str(body.errorMessage) ?? str(body.Message) ?? str(body.message) ?? str(body.title) ?? str(body.detail);
  if (direct !== undefined) return direct;
  return modelState(body);
}

function truncate(s: string): string {
  return s.length > MAX_MESSAGE_LENGTH ? `${s.slice(0, MAX_MESSAGE_LENGTH)}…` : s;
}

/**
 * The message Halo meant to convey. `body` is the parsed JSON when the response was JSON, else the
 * raw text; `fallback` (usually the HTTP reason phrase) is used when the body says nothing.
 */
export function parseHaloMessage(body: unknown, fallback: string): string {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '') return fallback;
    // An HTML error or login page: its title says more than 500 characters of markup.
    if (/^<(!doctype|html|head|body)/i.test(text)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
      return title ? `an HTML page ("${truncate(title)}")` : `an HTML page`;
    }
    return truncate(text.replace(/\s+/g, ' '));
  }
  if (isRecord(body)) return truncate(fromObject(body) ?? JSON.stringify(body));
  if (Array.isArray(body) && body.length > 0) return truncate(JSON.stringify(body));
  return fallback;
}
