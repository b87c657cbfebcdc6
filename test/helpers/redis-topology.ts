import { createClient, createCluster, createSentinel } from 'redis';

/**
 * The topology of the run's test Redis: `TEST_REDIS_TOPOLOGY=standalone|cluster|sentinel` (standalone when unset).
 * For cluster and sentinel, the e2e project's globalSetup (redis-topology.global-setup.ts) starts the topology once
 * and publishes it to the workers as TEST_REDIS_URL and TEST_REDIS_NODES (host:port list: cluster nodes or sentinels).
 */
export type TestRedisTopology = 'standalone' | 'cluster' | 'sentinel';

export function testRedisTopology(): TestRedisTopology {
  const value = (process.env.TEST_REDIS_TOPOLOGY ?? '').trim() || 'standalone';
  if (value !== 'standalone' && value !== 'cluster' && value !== 'sentinel')
    throw new Error(`TEST_REDIS_TOPOLOGY must be standalone, cluster or sentinel, not "${value}"`);
  return value;
}

interface Topology {
  mode: 'cluster' | 'sentinel';
  /** host:port,host:port: the cluster nodes or the sentinels. */
  nodes: string;
}

/** URLs that name a cluster or a sentinel set rather than one server: the run's, and those specs started apps on. */
const KNOWN = new Map<string, Topology>();

/** The run's published topology URL (cluster or sentinel runs), else undefined. */
export function publishedTopologyUrl(): string | undefined {
  const mode = testRedisTopology();
  if (mode === 'standalone') return undefined;
  const url = process.env.TEST_REDIS_URL;
  const nodes = process.env.TEST_REDIS_NODES;
  if (!url || !nodes)
    throw new Error(
      `TEST_REDIS_TOPOLOGY=${mode} but no topology was published: run jest with the e2e project (its globalSetup starts it)`,
    );
  KNOWN.set(url, { mode, nodes });
  return url;
}

/** Remembers that `url` reaches a cluster or sentinel set (an app started with that REDIS_MODE). */
export function registerTopology(url: string, env: Record<string, string | undefined>): void {
  const mode = env.REDIS_MODE;
  const nodes = mode === 'cluster' ? env.REDIS_CLUSTER_NODES : env.REDIS_SENTINELS;
  if ((mode === 'cluster' || mode === 'sentinel') && nodes) KNOWN.set(url, { mode, nodes });
}

/** The app variables that reach `url`: REDIS_MODE and the node list for a known topology, nothing for a server. */
export function topologyEnvFor(url: string | undefined): Record<string, string> {
  const topo = url === undefined ? undefined : KNOWN.get(url);
  if (!topo) return {};
  return topo.mode === 'cluster'
    ? { REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: topo.nodes }
    : { REDIS_MODE: 'sentinel', REDIS_SENTINELS: topo.nodes };
}

/** The commands the key helpers use, on one server (a standalone client, one cluster node, the sentinel's primary). */
interface NodeCommands {
  scan(cursor: string, options: { MATCH?: string; COUNT: number }): Promise<{ cursor: string; keys: string[] }>;
}
interface KeyCommands {
  del(keys: string | string[]): Promise<number>;
  type(key: string): Promise<string>;
  get(key: string): Promise<string | null>;
  hGetAll(key: string): Promise<Record<string, string>>;
}

/** Key access for tests that works on every topology: SCAN covers every primary of a cluster. */
export interface TestKeyClient {
  /** SCAN batches (MATCH pattern when given) over every primary. */
  scan(match?: string, count?: number): AsyncIterable<string[]>;
  /** Deletes keys that may live in different slots (one DEL per key on a cluster). */
  del(keys: string[]): Promise<number>;
  /** A key's value for assertions: a string as is, a hash as JSON, else its type as JSON. */
  read(key: string): Promise<string>;
  close(): Promise<void>;
}

async function* scanNode(node: NodeCommands, match: string | undefined, count: number): AsyncIterable<string[]> {
  let cursor = '0';
  do {
    const reply = await node.scan(cursor, { ...(match ? { MATCH: match } : {}), COUNT: count });
    cursor = String(reply.cursor);
    yield reply.keys;
  } while (cursor !== '0');
}

function hostPorts(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((hp) => {
    const at = hp.lastIndexOf(':');
    return { host: hp.slice(0, at), port: Number(hp.slice(at + 1)) };
  });
}

/** Opens a key client on `url`: a standalone client, or node-redis' cluster or sentinel client for a known topology. */
export async function openKeyClient(url: string): Promise<TestKeyClient> {
  const topo = KNOWN.get(url);
  let commands: KeyCommands;
  let nodes: () => Promise<NodeCommands[]>;
  let close: () => Promise<void>;
  if (!topo) {
    const client = createClient({ url });
    await client.connect();
    commands = client as unknown as KeyCommands;
    nodes = async () => [client as unknown as NodeCommands];
    close = () => client.close();
  } else if (topo.mode === 'cluster') {
    const cluster = createCluster({ rootNodes: hostPorts(topo.nodes).map((socket) => ({ socket })) });
    cluster.on('error', () => undefined); // a failed command rejects; node errors need no second report
    await cluster.connect();
    commands = cluster as unknown as KeyCommands;
    nodes = () =>
      Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)) as unknown as NodeCommands));
    close = () => cluster.close();
  } else {
    const sentinel = createSentinel({ name: new URL(url).hostname, sentinelRootNodes: hostPorts(topo.nodes) });
    sentinel.on('error', () => undefined);
    await sentinel.connect();
    commands = sentinel as unknown as KeyCommands;
    nodes = async () => [sentinel as unknown as NodeCommands];
    close = () => sentinel.close();
  }
  return {
    async *scan(match, count = 500) {
      for (const node of await nodes()) yield* scanNode(node, match, count);
    },
    async del(keys) {
      if (keys.length === 0) return 0;
      if (topo?.mode !== 'cluster') return commands.del(keys);
      const counts = await Promise.all(keys.map((k) => commands.del(k)));
      return counts.reduce((a, b) => a + b, 0);
    },
    async read(key) {
      const type = await commands.type(key);
      if (type === 'string') return (await commands.get(key)) ?? '';
      return JSON.stringify(type === 'hash' ? await commands.hGetAll(key) : type);
    },
    close,
  };
}

/**
 * `describe` on standalone runs only: for tests that stop or pause their own redis-server (outage tests) or need no
 * Redis at all; a cluster or sentinel run (TEST_REDIS_TOPOLOGY) lists them as skipped.
 */
export function describeStandaloneOnly(name: string, fn: () => void): void {
  (testRedisTopology() === 'standalone' ? describe : describe.skip)(name, fn);
}
