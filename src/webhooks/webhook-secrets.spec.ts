import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { isBlockedAddress } from '../common/http/blocked-address';
import { DestinationGuard } from './destination-guard';
import { isValidUrlToken, signatureHeaders, signingKey, webhookUrlToken, whsec } from './webhook-secrets';

const SECRET = 'a-webhook-root-secret-of-32-chars-or-more';

describe('webhook secrets', () => {
  it('makes the URL token base64url(HMAC-SHA256(secret, "<providerId>:<tenantId>")) and checks it exactly', () => {
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8')).update('cora:acme').digest('base64url');
    expect(webhookUrlToken(SECRET, 'cora', 'acme')).toBe(expected);
    expect(isValidUrlToken(SECRET, 'cora', 'acme', expected)).toBe(true);
    expect(isValidUrlToken(SECRET, 'inter', 'acme', expected)).toBe(false);
    expect(isValidUrlToken(SECRET, 'cora', 'acme2', expected)).toBe(false);
    expect(isValidUrlToken(SECRET, 'cora', 'acme', expected.slice(1))).toBe(false);
  });

  it('signs so that the standardwebhooks library verifies, with the operator and each tenant key apart', () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'charge.paid' });
    const now = Math.floor(Date.now() / 1000);
    const operator = signingKey(SECRET);
    const headers = signatureHeaders(operator, 'evt_1', body, now);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(whsec(operator)).verify(body, headers)).toEqual({ id: 'evt_1', type: 'charge.paid' });
    expect(() => new Webhook(whsec(signingKey(SECRET, 'acme'))).verify(body, headers)).toThrow();
    expect(whsec(signingKey(SECRET, 'acme'))).not.toBe(whsec(signingKey(SECRET, 'acme2')));
  });
});

describe('addresses a tenant URL may not reach', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.2.3.4', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['not-an-ip', true],
  ])('%s blocked: %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });

  it('refuses http, credentials and private literals, unless the host is allowed', async () => {
    const guard = new DestinationGuard(['hooks.internal']);
    expect(await guard.problem('http://example.com/x')).toMatch(/https/);
    expect(await guard.problem('https://user:pw@example.com/x')).toMatch(/credentials/);
    expect(await guard.problem('https://10.0.0.1/x')).toMatch(/private/);
    expect(await guard.problem('https://[::1]/x')).toMatch(/private/);
    expect(await guard.problem('http://hooks.internal/x')).toBeUndefined();
    expect(await guard.problem('https://93.184.215.14/x')).toBeUndefined();
  });
});
