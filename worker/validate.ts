import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { describeZodError } from '../shared/errors';
import { ApiError } from './errors';

/** `zValidator('json', schema)` whose failures become a 400 `{error}` saying which field is wrong. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return zValidator('json', schema, (result) => {
    if (!result.success) throw new ApiError(400, 'bad_request', describeZodError(result.error));
  });
}
