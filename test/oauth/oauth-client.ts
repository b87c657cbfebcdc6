import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { chromium, type Browser, type Page } from 'playwright-core';

/** An in-memory OAuthClientProvider, as a host application keeps one per server: the SDK drives the whole flow. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  client?: StoredOAuthClientInformation;
  saved?: StoredOAuthTokens;
  verifier = '';
  discovery?: OAuthDiscoveryState;
  authorizationUrl?: URL;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
    private readonly name = 'E2E MCP host',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state(): string {
    return 'st-' + Math.random().toString(36).slice(2);
  }
  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.client;
  }
  saveClientInformation(info: StoredOAuthClientInformation): void {
    this.client = info;
  }
  tokens(): StoredOAuthTokens | undefined {
    return this.saved;
  }
  saveTokens(tokens: StoredOAuthTokens): void {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string): void {
    this.verifier = v;
  }
  codeVerifier(): string {
    return this.verifier;
  }
  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }
  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }
}

/** The host's loopback redirect endpoint: answers a small page, the browser's final URL carries code and state. */
export async function startCallbackServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>done</title><p>You may close this window.</p>');
  });
  return listen(server, 'http', '/callback');
}

/** An https server on localhost serving one Client ID Metadata Document (its URL is the client_id). */
export async function startMetadataServer(
  cert: { cert: string; key: string },
  doc: (clientId: string) => Record<string, unknown>,
): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { hits: 0 };
  let clientId = '';
  const server = createHttpsServer(cert, (_req, res) => {
    state.hits++;
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' })
      .end(JSON.stringify(doc(clientId)));
  });
  const started = await listen(server, 'https', '/oauth/client.json', 'localhost');
  clientId = started.url;
  return {
    url: started.url,
    close: started.close,
    get hits() {
      return state.hits;
    },
  };
}

async function listen(server: Server, scheme: string, path: string, host = '127.0.0.1') {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://${host}:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's chromium, headless, as the CI installs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** Where screenshots go when OAUTH_SCREENSHOTS names a folder (npm run docs:screenshots sets docs/). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.OAUTH_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/**
 * A person on the sign-in page: pastes the credential, checks what it grants, and approves (or denies). Answers the
 * URL the browser ended on (the client's redirect URI with code or error).
 */
export async function signIn(
  page: Page,
  authorizationUrl: URL,
  credential: string,
  choice: 'approve' | 'deny',
  shots?: string,
): Promise<URL> {
  await page.goto(authorizationUrl.toString());
  if (shots) await screenshot(page, `${shots}-credential`);
  await page.getByRole('textbox').fill(credential);
  await page.locator('button[value="check"]').click();
  await page.locator('button[value="approve"]').waitFor();
  if (shots) await screenshot(page, `${shots}-confirm`);
  await Promise.all([page.waitForURL(/\/callback\?/), page.locator(`button[value="${choice}"]`).click()]);
  return new URL(page.url());
}
