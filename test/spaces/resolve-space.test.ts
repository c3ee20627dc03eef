import { silentLogger } from '../../src/logging/logger';
import { NebulaClient } from '../../src/nebula/client/contained-client';
import { ClustersGateway } from '../../src/nebula/clusters-gateway';
import { type ChannelDefault, chooseSpace, findSpace, splitTyped } from '../../src/spaces/resolve-space';
import type { SpaceRef } from '../../src/spaces/space-ref';
import { FakeGraphd } from '../support/graphd';

/** Typed names resolved against SHOW SPACES of two real (fake) graphds through the real gateway. */
describe('findSpace and chooseSpace across clusters', () => {
  let prod: FakeGraphd;
  let staging: FakeGraphd;
  let clients: NebulaClient[];
  let gateway: ClustersGateway;

  const client = (graphd: FakeGraphd): NebulaClient =>
    new NebulaClient({
      servers: [{ host: graphd.host, port: graphd.port }],
      user: 'root',
      password: 'nebula',
      timeoutMs: 5_000,
      logger: silentLogger,
      reconnectGraceMs: 200,
      retryDelayMs: 10,
      maxRetryDelayMs: 50,
    });

  beforeAll(async () => {
    prod = await FakeGraphd.start();
    staging = await FakeGraphd.start();
    for (const space of ['nba', 'fraud', 'my space #1 ✨']) prod.createSpace(space);
    for (const space of ['nba', 'ldbc', 'prod']) staging.createSpace(space);
    clients = [client(prod), client(staging)];
    gateway = new ClustersGateway([
      { name: 'prod', client: clients[0] },
      { name: 'staging', client: clients[1] },
    ]);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await prod.close();
    await staging.close();
  });

  const channel = (cluster: string, space: string | null): ChannelDefault => ({ cluster, space, setBy: 'U1', setAt: new Date(0) });
  const failure = (promise: Promise<unknown>): Promise<{ kind: string; message: string; hint?: string }> =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: { kind: string; message: string; hint?: string }) => error,
    );

  it('splits cluster/space only on a cluster the bot serves', () => {
    const names = ['prod', 'staging'];
    expect(splitTyped('prod/nba', names)).toEqual({ cluster: 'prod', space: 'nba' });
    expect(splitTyped('prod/', names)).toEqual({ cluster: 'prod', space: null });
    expect(splitTyped('prod/*', names)).toEqual({ cluster: 'prod', space: null });
    expect(splitTyped('qa/nba', names)).toEqual({ cluster: null, space: 'qa/nba' });
    expect(splitTyped('prod/a/b', names)).toEqual({ cluster: 'prod', space: 'a/b' });
    expect(splitTyped('/nba', names)).toEqual({ cluster: null, space: '/nba' });
  });

  it("finds a named cluster's space, a bare name in one cluster, and any name graphd holds", async () => {
    expect(await findSpace(gateway, 'prod/nba')).toEqual({ cluster: 'prod', space: 'nba' });
    expect(await findSpace(gateway, 'staging/nba')).toEqual({ cluster: 'staging', space: 'nba' });
    expect(await findSpace(gateway, 'fraud')).toEqual({ cluster: 'prod', space: 'fraud' });
    expect(await findSpace(gateway, 'ldbc')).toEqual({ cluster: 'staging', space: 'ldbc' });
    expect(await findSpace(gateway, 'my space #1 ✨')).toEqual({ cluster: 'prod', space: 'my space #1 ✨' });
    expect(await findSpace(gateway, 'prod/my space #1 ✨')).toEqual({ cluster: 'prod', space: 'my space #1 ✨' });
  });

  it('asks which cluster for a name in both, unless the reader may see only one', async () => {
    const both = await failure(findSpace(gateway, 'nba'));
    expect(both).toMatchObject({ kind: 'invalid-input', message: '`nba` exists in 2 clusters.', hint: 'Say which: `prod/nba`, `staging/nba`.' });
    const onlyStaging = async (refs: SpaceRef[]): Promise<SpaceRef[]> => refs.filter((r) => r.cluster === 'staging');
    expect(await findSpace(gateway, 'nba', null, onlyStaging)).toEqual({ cluster: 'staging', space: 'nba' });
    // Seen by none: the ref comes back for the caller's view check to refuse.
    expect(await findSpace(gateway, 'nba', null, async () => [])).toMatchObject({ space: 'nba' });
  });

  it('says what does not exist, and where it looked', async () => {
    expect(await failure(findSpace(gateway, 'nope'))).toMatchObject({ kind: 'space-not-found', message: expect.stringContaining('does not exist in `prod`, `staging`') });
    expect(await failure(findSpace(gateway, 'prod/ldbc'))).toMatchObject({ kind: 'space-not-found', message: expect.not.stringContaining('`staging`') });
    expect(await failure(findSpace(gateway, 'prod/'))).toMatchObject({ kind: 'invalid-input', message: 'Which space of `prod`?' });
    // `prod` is a space of staging and a cluster: typed bare, the space wins.
    expect(await findSpace(gateway, 'prod')).toEqual({ cluster: 'staging', space: 'prod' });
    expect(await failure(findSpace(gateway, 'staging'))).toMatchObject({ message: '`staging` is a cluster, not a space.' });
  });

  it('sees a space created a moment ago, though the list is kept for a few seconds', async () => {
    expect(await failure(findSpace(gateway, 'fresh_one'))).toMatchObject({ kind: 'space-not-found' });
    staging.createSpace('fresh_one');
    expect(await findSpace(gateway, 'fresh_one')).toEqual({ cluster: 'staging', space: 'fresh_one' });
  });

  it("chooses the named space, else the channel default, else the configured default, within a channel's cluster", async () => {
    expect(await chooseSpace(gateway, { named: 'nba', channelDefault: channel('prod', null) }, '/j')).toEqual({ ref: { cluster: 'prod', space: 'nba' }, from: 'named' });
    expect(await chooseSpace(gateway, { named: 'staging/nba', channelDefault: channel('prod', null) }, '/j')).toEqual({ ref: { cluster: 'staging', space: 'nba' }, from: 'named' });
    expect(await failure(chooseSpace(gateway, { named: 'ldbc', channelDefault: channel('prod', null) }, '/j'))).toMatchObject({ kind: 'space-not-found' });
    expect(await chooseSpace(gateway, { channelDefault: channel('staging', 'ldbc') }, '/j')).toEqual({ ref: { cluster: 'staging', space: 'ldbc' }, from: 'channel' });
    expect(await chooseSpace(gateway, { configuredDefault: 'prod/fraud' }, '/j')).toEqual({ ref: { cluster: 'prod', space: 'fraud' }, from: 'configured' });
    expect(await chooseSpace(gateway, { configuredDefault: 'fraud', channelDefault: channel('prod', null) }, '/j')).toEqual({
      ref: { cluster: 'prod', space: 'fraud' },
      from: 'configured',
    });
    // The configured default is of another cluster than the channel's: not used there.
    const other = await failure(chooseSpace(gateway, { configuredDefault: 'prod/fraud', channelDefault: channel('staging', null) }, '/j'));
    expect(other).toMatchObject({ kind: 'space-not-chosen', message: expect.stringContaining("of `staging` (this channel's cluster)") });
    expect(await failure(chooseSpace(gateway, {}, '/j'))).toMatchObject({ kind: 'space-not-chosen' });
    const ambiguous = await failure(chooseSpace(gateway, { configuredDefault: 'nba' }, '/j'));
    expect(ambiguous.message).toContain('exists in 2 clusters');
    const onlyProd = async (refs: SpaceRef[]): Promise<SpaceRef[]> => refs.filter((r) => r.cluster === 'prod');
    expect(await chooseSpace(gateway, { named: 'nba' }, '/j', onlyProd)).toEqual({ ref: { cluster: 'prod', space: 'nba' }, from: 'named' });
  });
});
