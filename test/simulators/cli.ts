import { BANKS } from '@lib/providers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSimPki } from '../pki/sim-pki';
import { simulatorFor } from './simulators';

/** The banks of libs/providers' list that declare a base-URL override and have a simulator, with both. */
const SIMULATED = BANKS.flatMap(({ settings }) => {
  const simulator = simulatorFor(settings.providerId);
  return settings.baseUrlOverride && simulator ? [{ simulator, envName: settings.baseUrlOverride.name }] : [];
});
const NAMES = SIMULATED.map((s) => s.simulator.providerId);

const USAGE = `usage: npm run simulator -- <${NAMES.join('|')}> [--port ${SIMULATED[0]?.simulator.defaultPort ?? 4010}] [--host 127.0.0.1] [--pki-dir <dir>]
Starts an mTLS simulator of the provider API (test CA, server and client certificates are generated
with openssl into --pki-dir, default a fresh temp dir) and prints where they are.`;

function parse(argv: string[]): { bank: (typeof SIMULATED)[number]; port: number; host: string; pkiDir?: string } {
  const [provider, ...rest] = argv;
  const bank = SIMULATED.find((s) => s.simulator.providerId === provider);
  if (!bank)
    throw new Error(
      `first argument must be ${NAMES.slice(0, -1).join(', ')}${NAMES.length > 1 ? ' or ' : ''}${NAMES[NAMES.length - 1]}`,
    );
  const out = { bank, port: bank.simulator.defaultPort, host: '127.0.0.1', pkiDir: undefined as string | undefined };
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
  const { simulator, envName } = args.bank;
  const provider = simulator.providerId;
  if (args.pkiDir) mkdirSync(args.pkiDir, { recursive: true });
  const pki = generateSimPki(args.pkiDir);
  const sim = simulator.create(pki);
  const url = await sim.start(args.port, args.host);
  const credentialsFile = join(pki.dir, `${provider}-credentials.json`);
  writeFileSync(credentialsFile, `${JSON.stringify(simulator.credentials(pki), null, 2)}\n`, { mode: 0o600 });
  process.stdout
    .write(`${provider} simulator listening on ${url} (mTLS: a client certificate issued by the test CA is required)
  test CA (server trust):  ${pki.caFile}
  client certificate:      ${pki.clientCertFile}
  client key:              ${pki.clientKeyFile}
  credentials JSON:        ${credentialsFile}
Point the gateway at it:   ${envName}=${url} PROVIDER_CA_CERTS_FILE=${pki.caFile}
Token:                     npm run --silent token -- --tenant acme --provider ${provider} --credentials-file ${credentialsFile}
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
