/**
 * Configuration comes from the environment, parsed once at cold start: a missing or malformed
 * variable stops the function with one line naming it, instead of failing later on first use.
 */
import * as z from 'zod';

export function readEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}
