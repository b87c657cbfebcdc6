import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throw-away PKI for simulators: a test CA, a server certificate and client certificates. */
export interface SimPki {
  dir: string;
  caFile: string;
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** Client certificate issued by the test CA (CN = sim-client): what a tenant's credentials carry. */
  clientCertPem: string;
  clientKeyPem: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A second, unrelated CA and a client certificate it issued: the simulators refuse it. */
  rogueCaFile: string;
  rogueClientCertPem: string;
  rogueClientKeyPem: string;
  cleanup(): void;
}

const OPENSSL = process.env.OPENSSL_BIN ?? 'openssl';

function openssl(dir: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(dir: string, name: string): void {
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
}

function selfSignedCa(dir: string, name: string, cn: string): void {
  newKey(dir, name);
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-subj',
    `/CN=${cn}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function issue(dir: string, name: string, ca: string, cn: string, ext: string): void {
  newKey(dir, name);
  openssl(dir, ['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  writeFileSync(join(dir, `${name}.ext`), `${ext}\nbasicConstraints=CA:FALSE\n`);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '2',
    '-out',
    `${name}.pem`,
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Generates the whole PKI with the openssl CLI into a fresh temp dir (about 100 ms). */
export function generateSimPki(dir = mkdtempSync(join(tmpdir(), 'mcpcob-sim-pki-'))): SimPki {
  selfSignedCa(dir, 'ca', 'MCP MAAX COB simulator test CA');
  issue(dir, 'server', 'ca', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  issue(dir, 'client', 'ca', 'sim-client', 'extendedKeyUsage=clientAuth');
  selfSignedCa(dir, 'rogue-ca', 'Unrelated CA');
  issue(dir, 'rogue-client', 'rogue-ca', 'sim-client', 'extendedKeyUsage=clientAuth');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caPem: read('ca.pem'),
    serverCertPem: read('server.pem'),
    serverKeyPem: read('server.key'),
    clientCertPem: read('client.pem'),
    clientKeyPem: read('client.key'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client.key'),
    rogueCaFile: join(dir, 'rogue-ca.pem'),
    rogueClientCertPem: read('rogue-client.pem'),
    rogueClientKeyPem: read('rogue-client.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Another client certificate of the PKI's test CA (say, a rotated one), written as `<name>.pem`/`<name>.key` in its dir. */
export function issueClientCertificate(
  pki: SimPki,
  name: string,
  cn = 'sim-client',
): { certPem: string; keyPem: string } {
  if (!/^[a-z0-9-]+$/.test(name) || ['ca', 'server', 'client', 'rogue-ca', 'rogue-client'].includes(name))
    throw new Error(`issueClientCertificate: bad or taken name "${name}"`);
  issue(pki.dir, name, 'ca', cn, 'extendedKeyUsage=clientAuth');
  return {
    certPem: readFileSync(join(pki.dir, `${name}.pem`), 'utf8'),
    keyPem: readFileSync(join(pki.dir, `${name}.key`), 'utf8'),
  };
}
