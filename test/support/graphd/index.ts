export { FakeGraphd } from './fake-graphd';
export type { FakeGraphdOptions, JobSeed, StatementLogEntry } from './fake-graphd';
export type { JobStatus } from './job-engine';
