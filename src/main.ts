import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './app.factory';
import { LifecycleState } from './common/lifecycle';
import { ConfigValidationError } from './config/env.schema';

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
  if (!config.production) {
    logger.info(
      `quick start: TOKEN=$(npm run --silent token -- --tenant demo --provider sandbox) && curl -s ${url}/initialize -X POST -H "Authorization: Bearer $TOKEN"` +
        (config.generatedSecrets.includes('MCP_TOKEN_SECRET') ? ' (set MCP_TOKEN_SECRET and ENCRYPTION_KEY_HEX in .env first so the CLI and the server share them)' : ''),
    );
  }

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
    await app.close();
    logger.info('shutdown: complete');
    logger.flush();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

void bootstrap();
