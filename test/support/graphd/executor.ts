import { Code, Errors, GraphError } from './graph-error';
import type { Hosts } from './hosts';
import { isBalance, type JobEngine } from './job-engine';
import { NqlEmptyError, NqlSyntaxError, parseChain, type Statement } from './nql';
import type { Session, Sessions } from './sessions';
import type { Table } from './table';

export interface Outcome {
  code: number;
  message: string | null;
  table: Table | null;
  spaceName: string;
}

export interface ExecutionContext {
  engine: JobEngine;
  sessions: Sessions;
  /** Unix seconds. */
  now: () => number;
  /** --enable_experimental_feature and --enable_data_balance. */
  balanceEnabled: boolean;
  /** What SHOW HOSTS lists; absent: SHOW HOSTS answers like a graphd whose metad lists nothing. */
  hosts?: Hosts;
}

const JOB_STATEMENTS = new Set(['show-jobs', 'show-job', 'stop-job', 'recover-job', 'submit-job']);

/** Validation runs over the whole chain first, tracking USE, so nothing runs if any part is invalid. */
function validate(chain: Statement[], session: Session, ctx: ExecutionContext): void {
  let space = session.space;
  for (const statement of chain) {
    if (statement.kind === 'use') {
      if (!ctx.engine.hasSpace(statement.space)) throw Errors.spaceNotFound(statement.space, ctx.engine.version);
      if (!ctx.sessions.canRead(session.user, statement.space)) throw Errors.noReadSpace();
      space = statement.space;
      continue;
    }
    if (JOB_STATEMENTS.has(statement.kind)) {
      if (space === null) throw Errors.spaceNotChosen();
      const writes = statement.kind === 'stop-job' || statement.kind === 'recover-job' || statement.kind === 'submit-job';
      if (writes && !ctx.sessions.canWriteData(session.user, space)) throw Errors.noWriteData();
      if (statement.kind === 'submit-job' && isBalance(statement.type)) {
        if (!ctx.balanceEnabled) throw Errors.balanceNotSupported();
        if (!ctx.sessions.canWriteSpace(session.user)) throw Errors.noWriteSpace();
      }
    }
    if (statement.kind === 'yield' && ctx.sessions.authorize && !ctx.sessions.isGod(session.user) && (space === null || !ctx.sessions.canRead(session.user, space))) {
      throw Errors.noReadSchemaOrData();
    }
    if (statement.kind === 'drop-space' && !ctx.sessions.canWriteSpace(session.user)) throw Errors.noWriteSpace();
  }
}

function execute(statement: Statement, session: Session, ctx: ExecutionContext): Table | null {
  const space = session.space as string;
  const { engine } = ctx;
  switch (statement.kind) {
    case 'use':
      session.space = statement.space;
      return null;
    case 'show-spaces':
      return {
        columns: ['Name'],
        rows: engine
          .spaceNames()
          .filter((name) => ctx.sessions.canRead(session.user, name))
          .map((name) => [name]),
      };
    case 'show-hosts':
      if (statement.type === 'ALLOC') throw new GraphError(Code.execution, 'The fake graphd does not model plain SHOW HOSTS; use SHOW HOSTS GRAPH');
      return ctx.hosts?.table(statement.type) ?? { columns: ['Host', 'Port', 'Status', 'Role', 'Git Info Sha', 'Version'], rows: [] };
    case 'show-jobs':
      return engine.showJobs(space, ctx.now());
    case 'show-job':
      return engine.showJob(space, statement.id, ctx.now());
    case 'stop-job':
      return engine.stopJob(space, statement.id, ctx.now());
    case 'recover-job':
      return engine.recoverJob(space, statement.ids, ctx.now());
    case 'submit-job':
      return engine.submitJob(space, statement.type, statement.params);
    case 'yield':
      return { columns: [String(statement.value)], rows: [[statement.value]] };
    case 'drop-space':
      if (!engine.dropSpace(statement.space) && !statement.ifExists) throw Errors.spaceNotFound(statement.space, engine.version);
      if (session.space === statement.space) session.space = null;
      return null;
  }
}

/** Runs one `execute` call the way graphd's QueryInstance does: parse, validate, run in order. */
export function run(text: string, session: Session, ctx: ExecutionContext): Outcome {
  const fail = (error: GraphError): Outcome => ({ code: error.code, message: error.message, table: null, spaceName: session.space ?? '' });
  let chain: Statement[];
  try {
    chain = parseChain(text);
  } catch (error) {
    if (error instanceof NqlEmptyError) return fail(new GraphError(Code.statementEmpty, 'StatementEmpty: '));
    if (error instanceof NqlSyntaxError) return fail(new GraphError(Code.syntax, `SyntaxError: ${error.message}`));
    throw error;
  }
  try {
    validate(chain, session, ctx);
    let table: Table | null = null;
    for (const statement of chain) table = execute(statement, session, ctx);
    return { code: 0, message: null, table, spaceName: session.space ?? '' };
  } catch (error) {
    if (error instanceof GraphError) return fail(error);
    throw error;
  }
}
