/**
 * Error responses in the shapes Halo's ASP.NET stack produces (halo-api.md §4.3). Handlers throw
 * an HttpError; the server turns it into the response, so every failure path looks the same.
 */
import type { FieldError } from './schema/bind.js';

/** A failure that becomes one HTTP response (status + JSON or text body). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

const problemTypes: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
  401: 'https://tools.ietf.org/html/rfc7235#section-3.1',
  404: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
  405: 'https://tools.ietf.org/html/rfc7231#section-6.5.5',
};

/** An ASP.NET ProblemDetails body (what `NotFound()` and friends return). */
export function problem(status: number, title: string): HttpError {
  return new HttpError(status, { type: problemTypes[status], title, status });
}

/** 400 with an ASP.NET model-state dictionary: `{errors: {"[0].name": [...]}, title, status}`. */
export function modelState(errors: readonly FieldError[]): HttpError {
  const dict: Record<string, string[]> = {};
  for (const e of errors) (dict[e.key] ??= []).push(e.message);
  return new HttpError(400, {
    type: problemTypes[400],
    title: 'One or more validation errors occurred.',
    status: 400,
    errors: dict,
  });
}

/** 400 carrying a serialised .NET exception, the shape HaloAPI's New-HaloError handles. */
export function dotnetException(className: string, message: string): HttpError {
  return new HttpError(400, { ClassName: className, Message: message });
}

/** EF Core's tracking error: the same primary key twice in one POST array (halo-api.md §4.4, inferred). */
export function duplicateKey(entity: string): HttpError {
  return dotnetException(
    'System.InvalidOperationException',
    `The instance of entity type '${entity}' cannot be tracked because another instance with the same key value for {'id'} is already being tracked. When attaching existing entities, ensure that only one entity instance with a given key value is attached.`,
  );
}
