import { DEFAULT_APPROVALS, type Policy } from '../access/policy';

/**
 * The demo's permissions: everyone is an admin, and stopping a job needs a second person's
 * approval, so the whole flow (request, approve, outcome) can be tried by two people.
 */
export const DEMO_POLICY: Policy = {
  configured: true,
  defaultRole: 'admin',
  rules: [],
  approvals: { ...DEFAULT_APPROVALS, stop: 'required' },
};
