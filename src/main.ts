import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './app.factory';
import { LifecycleState } from './common/lifecycle';
import { standaloneLogLine } from './common/logging/logger';
import { issueToken } from './auth/token-issuer';
import { AppConfig, ConfigValidationError } from './config/env.schema';

/** The token CLI command a newcomer runs to mint a sandbox token (it reads the secrets from the environment or .env). */
const MINT_SANDBOX_TOKEN = 'npm run --silent token -- --tenant demo --provider sandbox';

async function bootstrap(): Promise<void> {
  loadDotenv({ quiet: true });
  let created;
  try {
    created = await createApp();
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      // One JSON line on stdout like every other log line (no logger exists yet: LOG_LEVEL is configuration too).
      // The problems name variables, never their values.
      process.exitCode = 1;
      process.stdout.write(standaloneLogLine('fatal', 'invalid configuration', { problems: err.problems }), () =>
        process.exit(1),
      );
      return;
    }
    throw err;
  }
  const { app, config, logger } = created;
  await app.listen(config.port, config.host);
  const bound = boundAddress(app.getHttpServer().address(), config);
  // The log line says where the server really listens; the quick start uses an address a local shell can reach.
  const reachable = httpUrl(
    bound.address === '0.0.0.0' || bound.address === '::' ? '127.0.0.1' : bound.address,
    bound.port,
  );
  logger.info(
    {
      host: bound.address,
      port: bound.port,
      adapter: config.httpAdapter,
      redis: config.redisUrl ? 'configured' : 'in-memory',
    },
    `listening on ${httpUrl(bound.address, bound.port)}`,
  );
  // After the boot lines are out, so the quick start is the last thing a newcomer sees.
  if (!config.production)
    logger.flush(() => printQuickStart(config, reachable, (fields, msg) => logger.info(fields, msg)));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.get(LifecycleState).shuttingDown = true;
    logger.info({ signal, drainMs: config.shutdownDrainMs }, 'shutdown: readiness is now 503; draining');
    await new Promise((r) => setTimeout(r, config.shutdownDrainMs));
    const force = setTimeout(() => {
      logger.error('shutdown: in-flight requests did not finish in 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    // Stop accepting connections now: app.close() runs the modules' destroy hooks (which close the banks' HTTP
    // agents) before it closes the server, so a request arriving meanwhile met a closed provider (502) and counted
    // against the bank's circuit breaker. In-flight requests go on; the adapter's own close tolerates a closed server.
    app.getHttpServer().close();
    // Keep-alive connections that finish a request while closing would keep the server open (Fastify
    // keeps them 72 s): close idle ones as they become idle.
    const sweep = setInterval(() => app.getHttpServer().closeIdleConnections(), 100);
    sweep.unref();
    await app.close();
    logger.info('shutdown: complete');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

function httpUrl(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function boundAddress(address: string | AddressInfo | null, config: AppConfig): { address: string; port: number } {
  return address !== null && typeof address === 'object'
    ? { address: address.address, port: address.port }
    : { address: config.host, port: config.port };
}

/**
 * Development only (never in production). With generated secrets the token CLI cannot mint tokens this
 * process accepts, so a one-hour sandbox token for tenant `demo`, valid for this process only, is printed
 * as plain text (not a log line: log lines never carry tokens) with a first curl. With configured secrets,
 * the CLI command is logged instead, in a shape the log redaction leaves intact (no `TOKEN=...` pair, no
 * `Bearer <token>`): the mint command in `command`, and a first call that runs it in `curl`.
 */
function printQuickStart(
  config: AppConfig,
  url: string,
  log: (fields: Record<string, string>, msg: string) => void,
): void {
  const generated =
    config.generatedSecrets.includes('MCP_TOKEN_SECRET') || config.generatedSecrets.includes('ENCRYPTION_KEY_HEX');
  const first = (token: string) =>
    `  curl -s -X POST ${url}/initialize -H "Authorization: Bearer ${token}"\n` +
    `  curl -s -X POST ${url}/v1/charges -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' \\\n` +
    `    -d '{"type":"pix","amount":1990,"payer":{"name":"Maria Silva","document":"529.982.247-25"}}'\n`;
  if (generated && config.sandboxEnabled) {
    const token = issueToken({
      secret: config.tokenSecret,
      encryptionKeyHex: config.encryptionKeyHex,
      tenantId: 'demo',
      providerId: 'sandbox',
      credentials: {},
    });
    process.stdout.write(
      `\nQuick start: a sandbox token (tenant demo, valid 1 h, accepted by this process only: its secrets were generated):\n` +
        `  export TOKEN=${token}\n${first('$TOKEN')}` +
        `API docs: ${url}/docs. To mint tokens with the CLI (${MINT_SANDBOX_TOKEN}),\n` +
        `set MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX in .env (see .env.example) and restart.\n\n`,
    );
    return;
  }
  log(
    {
      command: MINT_SANDBOX_TOKEN,
      curl: `curl -s -X POST ${url}/initialize -H "Authorization: Bearer $(${MINT_SANDBOX_TOKEN})"`,
    },
    `quick start: mint a sandbox token with: ${MINT_SANDBOX_TOKEN}`,
  );
}

void bootstrap();
