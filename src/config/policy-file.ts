import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_APPROVALS, Policy, ROLES, VIEW_ONLY_POLICY } from '../access/policy';
import { isSpaceName } from '../spaces/space-name';

/** The ACCESS_FILE schema. Problems come back one per line, with the JSON path that is wrong. */

const role = z.enum(ROLES, { message: 'must be "viewer", "operator" or "admin"' });
const requirement = z.enum(['required', 'none'], { message: 'must be "required" or "none"' });

const schema = z
  .object({
    defaultRole: role.default('viewer'),
    rules: z
      .array(
        z
          .object({
            subjects: z
              .array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user id (U…, W…) or user-group id (S…), e.g. "U0123ABC"'))
              .min(1, 'must name at least one user or user group'),
            spaces: z
              .array(z.string().refine((space) => space === '*' || isSpaceName(space), 'must be a graph space name or "*"'))
              .min(1, 'must name at least one space, or "*" for all'),
            role,
          })
          .strict(),
      )
      .default([]),
    approvals: z
      .object({
        stop: requirement.default(DEFAULT_APPROVALS.stop),
        recover: requirement.default(DEFAULT_APPROVALS.recover),
        channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id, e.g. "C0789GHI"').optional(),
        expiresMinutes: z.number().int().min(1).max(10_080, 'must be at most 10080 (a week)').default(DEFAULT_APPROVALS.expiresMinutes),
        adminsBypass: z.boolean().default(DEFAULT_APPROVALS.adminsBypass),
      })
      .strict()
      .default(DEFAULT_APPROVALS),
  })
  .strict();

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: string[] };

function path(parts: PropertyKey[]): string {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('') || '(top level)';
}

export function parsePolicy(json: unknown): PolicyResult {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `ACCESS_FILE ${path(issue.path)}: ${issue.message}`) };
  }
  return { ok: true, policy: { ...parsed.data, configured: true } };
}

/** Reads the policy file; without one, everyone may look and nobody may act. */
export function loadPolicy(file: string | undefined): PolicyResult {
  if (!file) return { ok: true, policy: VIEW_ONLY_POLICY };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`ACCESS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  try {
    return parsePolicy(JSON.parse(text));
  } catch (error) {
    return { ok: false, problems: [`ACCESS_FILE: ${file} is not valid JSON (${(error as Error).message})`] };
  }
}
