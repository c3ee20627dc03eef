import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_APPROVALS, GRANTED_ROLES, type Policy, type PolicyHolder, ROLES, splitPattern, VIEW_ONLY_POLICY } from '../access/policy';
import type { Logger } from '../logging/logger';
import { isSpaceName } from '../spaces/space-name';
import { CLUSTER_NAME } from '../spaces/space-ref';

// A rule's space: nba, prod/nba, prod/(star), (star)/nba or (star), as splitPattern in access/policy.ts reads it.
function isSpacePattern(pattern: string): boolean {
  const { cluster, space } = splitPattern(pattern);
  return (cluster === '*' || CLUSTER_NAME.test(cluster)) && (space === '*' || isSpaceName(space));
}

/** The ACCESS_FILE schema. Problems come back one per line, with the JSON path that is wrong. */

// `none` only as the default: a rule exists to grant something.
const defaultRole = z.enum(ROLES, { message: 'must be "none", "viewer", "operator" or "admin"' });
const role = z.enum(GRANTED_ROLES, { message: 'must be "viewer", "operator" or "admin"' });
const requirement = z.enum(['required', 'none'], { message: 'must be "required" or "none"' });

const schema = z
  .object({
    defaultRole: defaultRole.default('viewer'),
    rules: z
      .array(
        z
          .object({
            subjects: z
              .array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user id (U…, W…) or user-group id (S…), e.g. "U0123ABC"'))
              .min(1, 'must name at least one user or user group'),
            spaces: z
              .array(z.string().refine(isSpacePattern, 'must be a space name (`nba`: in any cluster), `cluster/space`, `cluster/*`, `*/space`, or "*"'))
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
        channel: z
          .string()
          .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id, e.g. "C0789GHI"')
          .optional(),
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

function readPolicyText(file: string): { ok: true; text: string } | { ok: false; problems: string[] } {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { ok: false, problems: [`ACCESS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
}

function parsePolicyText(file: string, text: string): PolicyResult {
  try {
    return parsePolicy(JSON.parse(text));
  } catch (error) {
    return { ok: false, problems: [`ACCESS_FILE: ${file} is not valid JSON (${(error as Error).message})`] };
  }
}

/** Reads the policy file; without one, everyone may look and nobody may act. */
export function loadPolicy(file: string | undefined): PolicyResult {
  if (!file) return { ok: true, policy: VIEW_ONLY_POLICY };
  const read = readPolicyText(file);
  return read.ok ? parsePolicyText(file, read.text) : read;
}

/**
 * The ACCESS_FILE policy, re-read while the bot runs: `check()` (on a timer) takes the file
 * when its text changed, `reload()` (SIGHUP) re-reads it whatever. A file that cannot be read
 * or is not a valid policy leaves the last good one in force; either way one line is logged.
 */
export class ReloadablePolicy implements PolicyHolder {
  private policy: Policy;
  /** The text last acted on (taken or refused), or the read error: each is reported once. */
  private seen: string | null;

  constructor(
    private readonly file: string,
    initial: Policy,
    private readonly logger: Logger,
  ) {
    this.policy = initial;
    const read = readPolicyText(file);
    this.seen = read.ok ? read.text : null;
  }

  get current(): Policy {
    return this.policy;
  }

  /** Takes the file if its text changed since last seen. */
  check(): void {
    const read = readPolicyText(this.file);
    const seen = read.ok ? read.text : read.problems[0];
    if (seen === this.seen) return;
    // An editor writing in place truncates first: an empty file is a save in progress.
    if (read.ok && read.text.trim() === '') return;
    this.take(read, 'file change');
  }

  /** Re-reads the file now; true when its policy is now in force. */
  reload(trigger: string): boolean {
    return this.take(readPolicyText(this.file), trigger);
  }

  /** Re-reads the file every `intervalMs` until the returned function is called. */
  watch(intervalMs: number): () => void {
    const timer = setInterval(() => this.check(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private take(read: ReturnType<typeof readPolicyText>, trigger: string): boolean {
    this.seen = read.ok ? read.text : read.problems[0];
    const result = read.ok ? parsePolicyText(this.file, read.text) : read;
    if (!result.ok) {
      this.logger.warn('policy.reload_failed', { file: this.file, trigger, problems: result.problems.join('; '), kept: 'the previous policy' });
      return false;
    }
    this.policy = result.policy;
    this.logger.info('policy.reloaded', {
      file: this.file,
      trigger,
      defaultRole: result.policy.defaultRole,
      rules: result.policy.rules.length,
      approvals: result.policy.approvals,
    });
    return true;
  }
}
