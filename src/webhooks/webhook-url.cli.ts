import { parseFlags, runCli, UsageError, webhookSecretFrom } from './webhook-cli.args';
import { webhookUrlToken } from './webhook-secrets';

const USAGE = `usage: npm run --silent webhook-url -- --provider <id> --tenant <id> --base-url <https://gateway.example.com>
         [--env-file <path, default .env>]
Prints the URL to register at the bank for this tenant: <base-url>/v1/webhooks/<provider>/<tenant>/<urlToken>.
Reads WEBHOOK_HMAC_SECRET from the environment or the env file (the server's own value).`;

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;

export function main(argv: string[], env: NodeJS.ProcessEnv): string {
  const a = parseFlags(argv, ['provider', 'tenant', 'base-url', 'env-file']);
  if (!a.provider || !/^[a-z0-9_-]{1,32}$/.test(a.provider)) throw new UsageError('--provider is required');
  if (!a.tenant || !SEGMENT.test(a.tenant))
    throw new UsageError('--tenant is required and must match ^[A-Za-z0-9._-]{1,64}$');
  if (!a['base-url'] || !URL.canParse(a['base-url']) || !/^https?:$/.test(new URL(a['base-url']).protocol))
    throw new UsageError('--base-url is required: the gateway public http(s) URL');
  const base = a['base-url'].replace(/\/+$/, '');
  const secret = webhookSecretFrom(env, a['env-file']);
  return `${base}/v1/webhooks/${a.provider}/${a.tenant}/${webhookUrlToken(secret, a.provider, a.tenant)}`;
}

if (require.main === module || process.argv[1] === __filename)
  runCli(USAGE, () => main(process.argv.slice(2), process.env));
