import { generateSimPki, SimPki } from '../../../../test/pki/sim-pki';
import { ProviderError } from '../provider-error';
import { credentialsObject, parseMtlsIdentity } from './mtls-credentials';

describe('parseMtlsIdentity', () => {
  let pki: SimPki;
  beforeAll(() => {
    pki = generateSimPki();
  });
  afterAll(() => pki.cleanup());

  const fail = (raw: Record<string, unknown>): ProviderError => {
    try {
      parseMtlsIdentity(raw, 'cora');
    } catch (e) {
      return e as ProviderError;
    }
    throw new Error('expected a ProviderError');
  };

  it('accepts a matching certificate and key, also pasted with literal \\n sequences', () => {
    expect(
      parseMtlsIdentity({ certificate: pki.clientCertPem, privateKey: pki.clientKeyPem }, 'cora').certificate,
    ).toContain('BEGIN CERTIFICATE');
    const escaped = {
      certificate: pki.clientCertPem.replace(/\n/g, '\\n'),
      privateKey: pki.clientKeyPem.replace(/\n/g, '\\n'),
    };
    expect(parseMtlsIdentity(escaped, 'cora').privateKey).toContain('\n');
  });

  it('parses credentials without a certificate to no identity (the provider then refuses at the TLS layer), dropping a lone key', () => {
    for (const raw of [
      {},
      { privateKey: pki.clientKeyPem },
      { certificate: '', privateKey: pki.clientKeyPem },
      { certificate: null },
    ]) {
      expect(parseMtlsIdentity(raw, 'cora')).toEqual({});
    }
  });

  it('names the field that is wrong and never its value', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ certificate: pki.clientCertPem }, /privateKey is required/],
      [{ certificate: 'hello', privateKey: pki.clientKeyPem }, /certificate must be PEM text/],
      [
        { certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', privateKey: pki.clientKeyPem },
        /certificate is not a valid X.509/,
      ],
      [{ certificate: pki.clientCertPem, privateKey: pki.rogueClientKeyPem }, /privateKey does not match certificate/],
    ];
    for (const [raw, message] of cases) {
      const e = fail(raw);
      expect(e.code).toBe('AUTH_INVALID_TOKEN');
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('MII');
    }
  });

  it('refuses an expired certificate', () => {
    const e = (() => {
      try {
        parseMtlsIdentity(
          { certificate: pki.clientCertPem, privateKey: pki.clientKeyPem },
          'cora',
          Date.now() + 5 * 86_400_000,
        );
      } catch (err) {
        return err as ProviderError;
      }
      return undefined;
    })();
    expect(e?.message).toMatch(/certificate expired on \d{4}-\d{2}-\d{2}/);
  });

  it('refuses unknown fields without echoing odd characters', () => {
    expect(() => credentialsObject({ clientId: 'x', 'evil<script>': 1 }, 'cora', ['clientId'])).toThrow(
      /unknown field evilscript/,
    );
    expect(() => credentialsObject([], 'cora', [])).toThrow(/must be a JSON object/);
  });
});
