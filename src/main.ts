import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './app.factory';
import { LifecycleState } from './common/lifecycle';
import { issueToken } from './auth/token-issuer';
import { AppConfig, ConfigValidationError } from './config/env.schema';

async function bootstrap(): Promise<void> {
  loadDotenv({ quiet: true });
  let created;
  try {
    created = await createApp();
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { app, config, logger } = created;
  await app.listen(config.port, config.host);
  const url = `http://127.0.0.1:${config.port}`;
  logger.info({ port: config.port, adapter: config.httpAdapter, redis: config.redisUrl ? 'configured' : 'in-memory' }, `listening on ${url}`);
  // After the boot lines are out, so the quick start is the last thing a newcomer sees.
  if (!config.production) logger.flush(() => printQuickStart(config, url, (msg) => logger.info(msg)));

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

/**
 * Development only (never in production). With generated secrets the token CLI cannot mint tokens this
 * process accepts, so a one-hour sandbox token for tenant `demo`, valid for this process only, is printed
 * as plain text (not a log line: log lines never carry tokens) with a first curl. With configured secrets,
 * the CLI command is logged instead.
 */
function printQuickStart(config: AppConfig, url: string, log: (msg: string) => void): void {
  const generated = config.generatedSecrets.includes('MCP_TOKEN_SECRET') || config.generatedSecrets.includes('ENCRYPTION_KEY_HEX');
  const first = (token: string) =>
    `  curl -s -X POST ${url}/initialize -H "Authorization: Bearer ${token}"\n` +
    `  curl -s -X POST ${url}/v1/charges -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' \\\n` +
    `    -d '{"type":"pix","amount":1990,"payer":{"name":"Maria Silva","document":"529.982.247-25"}}'\n`;
  if (generated && config.sandboxEnabled) {
    const token = issueToken({ secret: config.tokenSecret, encryptionKeyHex: config.encryptionKeyHex, tenantId: 'demo', providerId: 'sandbox', credentials: {} });
    process.stdout.write(
      `\nQuick start: a sandbox token (tenant demo, valid 1 h, accepted by this process only: its secrets were generated):\n` +
        `  export TOKEN=${token}\n${first('$TOKEN')}` +
        `API docs: ${url}/docs. To mint tokens with the CLI (npm run --silent token -- --tenant demo --provider sandbox),\n` +
        `set MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX in .env (see .env.example) and restart.\n\n`,
    );
    return;
  }
  log(`quick start: TOKEN=$(npm run --silent token -- --tenant demo --provider sandbox) && curl -s -X POST ${url}/initialize -H "Authorization: Bearer $TOKEN"`);
}

void bootstrap();
