import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoraSimulator } from './cora.simulator';
import { InterSimulator } from './inter.simulator';
import { generateSimPki } from './sim-pki';
import type { SimServer } from './sim-server';

const USAGE = `usage: npm run simulator -- <cora|inter> [--port 4010] [--host 127.0.0.1] [--pki-dir <dir>]
Starts an mTLS simulator of the provider API (test CA, server and client certificates are generated
with openssl into --pki-dir, default a fresh temp dir) and prints where they are.`;

function parse(argv: string[]): { provider: string; port: number; host: string; pkiDir?: string } {
  const [provider, ...rest] = argv;
  if (provider !== 'cora' && provider !== 'inter') throw new Error('first argument must be cora or inter');
  const out = { provider, port: provider === 'cora' ? 4010 : 4020, host: '127.0.0.1', pkiDir: undefined as string | undefined };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--port' && /^\d{1,5}$/.test(value)) out.port = Number(value);
    else if (flag === '--host') out.host = value;
    else if (flag === '--pki-dir') out.pkiDir = resolve(value);
    else throw new Error(`unknown or invalid argument: ${flag} ${value}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.pkiDir) mkdirSync(args.pkiDir, { recursive: true });
  const pki = generateSimPki(args.pkiDir);
  const sim: SimServer = args.provider === 'cora' ? new CoraSimulator(pki) : new InterSimulator(pki);
  const url = await sim.start(args.port, args.host);
  const credentials = args.provider === 'cora'
    ? { clientId: 'int-sim-client', certificate: pki.clientCertPem, privateKey: pki.clientKeyPem, environment: 'stage' }
    : { clientId: 'sim-inter-client', clientSecret: 'sim-inter-secret', certificate: pki.clientCertPem, privateKey: pki.clientKeyPem, environment: 'sandbox' };
  const credentialsFile = join(pki.dir, `${args.provider}-credentials.json`);
  writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  const envName = args.provider === 'cora' ? 'CORA_BASE_URL' : 'INTER_BASE_URL';
  process.stdout.write(`${args.provider} simulator listening on ${url} (mTLS: a client certificate issued by the test CA is required)
  test CA (server trust):  ${pki.caFile}
  client certificate:      ${pki.clientCertFile}
  client key:              ${pki.clientKeyFile}
  credentials JSON:        ${credentialsFile}
Point the gateway at it:   ${envName}=${url} PROVIDER_CA_CERTS_FILE=${pki.caFile}
Token:                     npm run --silent token -- --tenant acme --provider ${args.provider} --credentials-file ${credentialsFile}
Controls:                  curl --cacert ${pki.caFile} --cert ${pki.clientCertFile} --key ${pki.clientKeyFile} ${url}/__sim/stats
`);
  const stop = async () => {
    await sim.stop();
    if (!args.pkiDir) pki.cleanup();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
  process.exit(2);
});
