import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** What a result depends on besides the code: machine, runtime, library versions, commit and date. */
export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  loadAverageAtStart: number[];
  node: string;
  redis: string;
  commit: string;
  versions: Record<string, string>;
}

const PACKAGES = ['@nestjs/core', '@nestjs/platform-fastify', '@nestjs/platform-express', 'fastify', 'express'];

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Collects the machine facts; `redisVersion` comes from the caller's INFO server. */
export function machineInfo(redisVersion: string): MachineInfo {
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', 'src', 'libs'])
    ? ' (src/libs modified)'
    : '';
  const versions: Record<string, string> = {};
  for (const p of [...PACKAGES, 'autocannon']) versions[p] = packageVersion(p);
  return {
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((n) => Number(n.toFixed(2))),
    node: process.version,
    redis: redisVersion,
    commit: `${commit}${dirty}`,
    versions,
  };
}

/** Pins this process (every thread: the load generator) to core 1; false when taskset or a second core is missing. */
export function pinSelfToCore1(): boolean {
  if (cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
