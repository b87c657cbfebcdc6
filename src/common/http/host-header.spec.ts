import type { IncomingMessage } from 'node:http';
import { hasInvalidHost } from './host-header';

const req = (host: string | undefined, minor = 1) =>
  ({ headers: host === undefined ? {} : { host }, httpVersionMajor: 1, httpVersionMinor: minor }) as IncomingMessage;

describe('hasInvalidHost', () => {
  it.each(['localhost', '127.0.0.1:3000', 'api.example.com', 'API.Example.com', '[::1]:8080', 'xn--9ca.com', ''])(
    'accepts %j',
    (host) => expect(hasInvalidHost(req(host))).toBe(false),
  );

  it.each(['a b', '[::1', 'x:99999', '%', 'evil.com:abc', 'a/b', 'a@b', 'a\\b'])('refuses %j', (host) =>
    expect(hasInvalidHost(req(host))).toBe(true),
  );

  it('refuses a missing Host on HTTP/1.1 and accepts it on HTTP/1.0', () => {
    expect(hasInvalidHost(req(undefined))).toBe(true);
    expect(hasInvalidHost(req(undefined, 0))).toBe(false);
  });
});
