/**
 * The bench baseline: a bare node:http server doing only the essential work of a cached charge
 * read — HS256 verify, open the AES-GCM sealed credentials, one Redis GET, JSON reply — with the
 * same libraries the gateway uses (jsonwebtoken via @nestjs/jwt, node-redis, EnvelopeCipher).
 */
import { createSecretKey } from 'node:crypto';
import { createServer } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import { createClient } from 'redis';
import { EnvelopeCipher } from '../src/auth/envelope';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4100);
  const secret = process.env.MCP_TOKEN_SECRET as string;
  const cipher = new EnvelopeCipher(process.env.ENCRYPTION_KEY_HEX as string);
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const jwt = new JwtService({ secretOrKeyProvider: () => key });
  const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
  await redis.connect();
  const route = /^\/v1\/charges\/([A-Za-z0-9._-]{1,128})$/;
  createServer(async (req, res) => {
    try {
      const m = route.exec(req.url ?? '');
      const auth = req.headers.authorization ?? '';
      if (!m || !auth.startsWith('Bearer ')) {
        res.writeHead(404).end();
        return;
      }
      const p = jwt.verify<Record<string, unknown> & { meta: { redisKeyPrefix: string } }>(auth.slice(7), {
        algorithms: ['HS256'],
      });
      if (typeof p.credentials === 'string') JSON.parse(cipher.open(p.credentials, 'credentials'));
      const cached = await redis.get(`${p.meta.redisKeyPrefix}:${p.tenantId}:charge:${p.providerId}:${m[1]}`);
      if (!cached) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.stringify(JSON.parse(cached));
      res
        .writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        })
        .end(body);
    } catch {
      res.writeHead(401).end();
    }
  }).listen(port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${port}\n`));
}

void main();
