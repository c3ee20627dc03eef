export { FakeGraphd } from './fake-graphd';
export type { FakeGraphdOptions, JobSeed, StatementLogEntry } from './fake-graphd';
export type { FakeJob, JobStatus, StorageTask } from './job-engine';
export type { HostEntry, HostRole } from './hosts';
export type { StatementMatcher } from './faults';
