export type { FakeGraphdOptions, JobSeed, StatementLogEntry } from './fake-graphd';
export { FakeGraphd } from './fake-graphd';
export type { StatementMatcher } from './faults';
export type { HostEntry, HostRole } from './hosts';
export type { FakeJob, JobStatus, StorageTask } from './job-engine';
