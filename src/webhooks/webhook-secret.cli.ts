import { parseFlags, runCli, UsageError, webhookSecretFrom } from './webhook-cli.args';
import { signingKey, whsec } from './webhook-secrets';

const USAGE = `usage: npm run --silent webhook-secret [-- --tenant <id>] [--env-file <path, default .env>]
Prints the Standard Webhooks signing secret (whsec_<base64>): the operator's (events sent to WEBHOOK_FORWARD_URL), or
with --tenant that tenant's (events sent to its meta.webhookUrl). Reads WEBHOOK_HMAC_SECRET like the server.`;

export function main(argv: string[], env: NodeJS.ProcessEnv): string {
  const a = parseFlags(argv, ['tenant', 'env-file']);
  if (a.tenant !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(a.tenant))
    throw new UsageError('--tenant must match ^[A-Za-z0-9._-]{1,64}$');
  return whsec(signingKey(webhookSecretFrom(env, a['env-file']), a.tenant));
}

if (require.main === module || process.argv[1] === __filename)
  runCli(USAGE, () => main(process.argv.slice(2), process.env));
