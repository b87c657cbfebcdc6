import { ClientMetadataError, checkUrl } from './client-metadata.fetcher';
import { redirectUriProblem } from './oauth-clients.service';
import { pickLang } from './sign-in.texts';

describe('OAuth rules', () => {
  it('picks pt-BR unless the browser prefers English', () => {
    expect(pickLang(undefined)).toBe('pt-BR');
    expect(pickLang('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt-BR');
    expect(pickLang('en-US,en;q=0.9,pt;q=0.5')).toBe('en');
    expect(pickLang('pt;q=0.4, en;q=0.8')).toBe('en');
    expect(pickLang('de-DE')).toBe('pt-BR');
  });

  it.each([
    ['https://app.example/cb', undefined],
    ['http://127.0.0.1:33418/callback', undefined],
    ['http://localhost/cb', undefined],
    ['com.example.app:/oauth', undefined],
    ['http://evil.example/cb', 'http is for loopback hosts only'],
    ['https://app.example/cb#frag', 'must not have a fragment'],
    ['https://user:pw@app.example/cb', 'must not carry credentials'],
    ['javascript:alert(1)', 'this scheme is not allowed'],
    ['myapp:/cb', 'a private-use scheme must be a reversed domain name (com.example.app:)'],
    ['/relative', 'must be an absolute URI'],
  ])('redirect URI %s -> %s', (uri, problem) => {
    expect(redirectUriProblem(uri)).toBe(problem);
  });

  it.each([
    'http://client.example/meta.json',
    'https://client.example/',
    'https://u:p@client.example/m',
    'https://client.example/m#x',
    'not a url',
  ])('refuses the client_id URL %s', (url) => {
    expect(() => checkUrl(url)).toThrow(ClientMetadataError);
  });
});
