import { z } from 'zod';

/** What the options page sends to sign in; checked again in the background. */
export const signInInput = z.object({
  serverUrl: z.string().trim().min(1, 'enter the server address'),
  code: z.string().trim().min(1, 'enter the sign-in code you were given'),
  name: z.string().trim().min(1, 'enter your name as your team should see it').max(100),
});
export type SignInInput = z.infer<typeof signInInput>;
