import { z } from 'zod';

/** Error codes the server answers with, in the `{error:{code,message}}` envelope. */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'invite_invalid',
  'payload_too_large',
  'rate_limited',
  'mutation_gap',
  'client_too_old',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Besides code and message, an error may say more for the client to act on (a mutation gap's `expectedMutationId`). */
export const errorBody = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** A short, readable account of what failed validation: `field.path: message; …`. */
export function describeZodError(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
