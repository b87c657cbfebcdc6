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
  if (!config.production) printQuickStart(config, url, (msg) => logger.info(msg));

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
 * Development only. With generated secrets the CLI cannot mint tokens this process accepts, so a
 * one-hour sandbox demo token is shown on an interactive terminal (never in a non-TTY log stream).
 */
function printQuickStart(config: AppConfig, url: string, log: (msg: string) => void): void {
  const generated = config.generatedSecrets.includes('MCP_TOKEN_SECRET') || config.generatedSecrets.includes('ENCRYPTION_KEY_HEX');
  if (generated && process.stdout.isTTY && config.sandboxEnabled) {
    const token = issueToken({ secret: config.tokenSecret, encryptionKeyHex: config.encryptionKeyHex, tenantId: 'demo', providerId: 'sandbox', credentials: {} });
    process.stdout.write(
      `\nSandbox demo token (valid 1 h, this process only):\n  export TOKEN=${token}\n` +
        `  curl -s -X POST ${url}/initialize -H "Authorization: Bearer $TOKEN"\n` +
        `  curl -s -X POST ${url}/v1/charges -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\\n` +
        `    -d '{"type":"pix","amount":1990,"payer":{"name":"Maria Silva","document":"529.982.247-25"}}'\n` +
        `Set MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX in .env to mint your own with: npm run --silent token -- --tenant demo --provider sandbox\n\n`,
    );
    return;
  }
  log(
    `quick start: TOKEN=$(npm run --silent token -- --tenant demo --provider sandbox) && curl -s -X POST ${url}/initialize -H "Authorization: Bearer $TOKEN"` +
      (generated ? ' (first set MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX in .env so the CLI and the server share them)' : ''),
  );
}

void bootstrap();
