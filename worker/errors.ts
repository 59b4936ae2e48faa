import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../shared/errors';

/** An error the client can act on; `onError` turns it into `{error:{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    /** More for the client to act on, beside code and message (a mutation gap's expected id). */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export const unauthorized = (message = 'missing or invalid token') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
