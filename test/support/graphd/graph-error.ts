import type { GraphdVersion } from './graphd-version';

/** An ExecutionResponse / AuthResponse failure: graphd's error_code and exact error_msg. */
export class GraphError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const Code = {
  badUsernamePassword: -1001,
  sessionInvalid: -1002,
  syntax: -1004,
  execution: -1005,
  statementEmpty: -1006,
  badPermission: -1008,
  semantic: -1009,
} as const;

export const Errors = {
  jobNotInSpace: () => new GraphError(Code.execution, 'Job not existed in chosen space!'),
  invalidParam: () => new GraphError(Code.execution, 'Invalid param!'),
  alreadyFinished: () => new GraphError(Code.execution, 'Finished job or failed job can not be stopped, please start another job instead'),
  notStoppable: () => new GraphError(Code.execution, 'The job type do not support stopping, either wait previous job done or restart the cluster to start another job'),
  needRecover: () => new GraphError(Code.execution, 'Need to recover or stop failed data balance job firstly!'),
  spaceNotChosen: () => new GraphError(Code.semantic, 'SemanticError: Space was not chosen.'),
  balanceNotSupported: () => new GraphError(Code.semantic, 'SemanticError: Data balance not support'),
  /** 3.4+ name the space; older graphd says only `SpaceNotFound: `. */
  spaceNotFound: (space: string, version?: GraphdVersion) =>
    new GraphError(Code.execution, version && !version.spaceNotFoundNamesSpace ? 'SpaceNotFound: ' : `SpaceNotFound: SpaceName \`${space}\``),
  noReadSpace: () => new GraphError(Code.badPermission, 'PermissionError: No permission to read space.'),
  noWriteData: () => new GraphError(Code.badPermission, 'PermissionError: No permission to write data.'),
  noWriteSpace: () => new GraphError(Code.badPermission, 'PermissionError: No permission to write space.'),
  noReadSchemaOrData: () => new GraphError(Code.badPermission, 'PermissionError: No permission to read schema/data.'),
  sessionNotFound: (id: number) => new GraphError(Code.sessionInvalid, `Get sessionId[${id}] failed: Session \`${id}' not found: Session not existed!`),
  invalidSessionId: () => new GraphError(Code.sessionInvalid, 'Invalid session id'),
  tooManySessions: (ip: string, user: string, max: number) =>
    new GraphError(
      Code.sessionInvalid,
      `Create Session failed: Too many sessions created from ${ip} by user ${user}. the threshold is ${max}. You can change it by modifying 'max_sessions_per_ip_per_user' in nebula-graphd.conf`,
    ),
};
