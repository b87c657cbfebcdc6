import { classifyTransportError, retryAfterSeconds, statusFailure, TLS_REFUSED } from './http-failure';

const err = (code: string) => Object.assign(new Error('x'), { code });

describe('classifyTransportError', () => {
  it.each([
    ['ECONNREFUSED', 'PROVIDER_ERROR', 'connect', false],
    ['UND_ERR_CONNECT_TIMEOUT', 'PROVIDER_TIMEOUT', 'timeout', false],
    ['UND_ERR_HEADERS_TIMEOUT', 'PROVIDER_TIMEOUT', 'timeout', true],
    ['PROVIDER_DEADLINE', 'PROVIDER_TIMEOUT', 'timeout', true],
    ['UND_ERR_SOCKET', 'PROVIDER_ERROR', 'reset', true],
    ['ECONNRESET', 'PROVIDER_ERROR', 'reset', true],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'PROVIDER_ERROR', 'tls-untrusted', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'PROVIDER_ERROR', 'tls-untrusted', false],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'PROVIDER_ERROR', 'tls-refused', false],
    [TLS_REFUSED, 'PROVIDER_ERROR', 'tls-refused', false],
    ['ERR_OSSL_PEM_NO_START_LINE', 'PROVIDER_ERROR', 'tls-local', false],
  ])('%s -> %s (%s, sent=%s)', (code, expected, kind, sent) => {
    const e = classifyTransportError(err(code), 'Cora', 1000);
    expect(e.code).toBe(expected);
    expect(e.failure).toMatchObject({ kind, sent });
  });

  it('explains each TLS refusal in words a caller can act on', () => {
    expect(classifyTransportError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'Cora', 1).message).toMatch(
      /requires a TLS client certificate/,
    );
    expect(classifyTransportError(err('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), 'Cora', 1).message).toMatch(
      /does not trust the issuer/,
    );
    expect(classifyTransportError(err(TLS_REFUSED), 'Cora', 1).message).toMatch(
      /credentials.certificate and credentials.privateKey/,
    );
    expect(classifyTransportError(err('CERT_HAS_EXPIRED'), 'Cora', 1).message).toMatch(
      /not trusted \(CERT_HAS_EXPIRED\).*never turned off/,
    );
  });

  it('never copies an unknown error message (it could hold anything) into the safe message', () => {
    const e = classifyTransportError(new Error('secret-token-abc in some library message'), 'Cora', 1);
    expect(e.message).not.toContain('secret-token-abc');
    expect(e.failure.sent).toBe(true);
  });
});

describe('retryAfterSeconds', () => {
  it('reads delay-seconds and HTTP-dates, bounded to 1..3600, with a fallback', () => {
    expect(retryAfterSeconds('7', 5)).toBe(7);
    expect(retryAfterSeconds('0', 5)).toBe(1);
    expect(retryAfterSeconds('999999', 5)).toBe(3600);
    expect(retryAfterSeconds(new Date(Date.now() + 30_000).toUTCString(), 5)).toBeGreaterThanOrEqual(29);
    expect(retryAfterSeconds('soon', 5)).toBe(5);
    expect(retryAfterSeconds(undefined, 60)).toBe(60);
  });
});

describe('statusFailure', () => {
  it('turns 429 and 5xx into errors and leaves other statuses to the provider', () => {
    expect(statusFailure(429, 'Inter', '12', 60)).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      failure: { kind: 'rate-limited', httpStatus: 429 },
      options: { retryAfterSeconds: 12 },
    });
    expect(statusFailure(429, 'Inter', undefined, 60)?.options.retryAfterSeconds).toBe(60);
    expect(statusFailure(500, 'Inter', undefined, 60)).toMatchObject({
      code: 'PROVIDER_ERROR',
      message: 'Inter failed with HTTP 500.',
    });
    for (const s of [200, 201, 204, 400, 401, 404, 422])
      expect(statusFailure(s, 'Inter', undefined, 60)).toBeUndefined();
  });

  it.each([500, 502, 503, 504, 599])(
    "answers a bank's own HTTP %s as PROVIDER_ERROR (502), never PROVIDER_UNAVAILABLE",
    (status) => {
      const e = statusFailure(status, 'Inter', '30', 60);
      expect(e).toMatchObject({
        code: 'PROVIDER_ERROR',
        message: `Inter failed with HTTP ${status}.`,
        failure: { kind: 'status', sent: true, httpStatus: status },
      });
      expect(e?.options.retryAfterSeconds).toBeUndefined();
    },
  );
});
