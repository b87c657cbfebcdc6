import { rootCertificates, TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { TLS_REFUSED } from './http-failure';

/** The client certificate and key; both absent when the credentials carry none (the provider then refuses at the TLS layer). */
export interface MtlsIdentity {
  certificate?: string;
  privateKey?: string;
}

export interface ConnectorOptions {
  identity: MtlsIdentity;
  /** Extra trusted CAs (PEM), added to Node's default roots, never replacing verification. */
  extraCaPem?: string;
  connectTimeoutMs: number;
  /** How long to wait, after a TLS 1.3 handshake, for the server to accept or refuse our certificate. */
  acceptanceWaitMs: number;
}

class TlsRefusedError extends Error {
  /** The TLS alert when the peer sent one (e.g. ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED), else TLS_REFUSED. */
  readonly code: string;
  constructor(alert?: string) {
    super('the TLS peer refused the client certificate');
    this.name = 'TlsRefusedError';
    this.code = alert && /ALERT/.test(alert) ? alert : TLS_REFUSED;
  }
}

/**
 * An undici connector presenting the tenant's client certificate. With TLS 1.3 a server checks the
 * client certificate after the client considers the handshake done, so a refusal would otherwise
 * look like a dropped connection on the first request. We wait briefly for the server's verdict:
 * a session ticket means accepted; an alert or a close means refused (a connect-time error, so
 * the request was never sent and the failure is not ambiguous).
 */
export function mtlsConnector(options: ConnectorOptions): buildConnector.connector {
  const base = buildConnector({
    ...(options.identity.certificate && options.identity.privateKey
      ? { cert: options.identity.certificate, key: options.identity.privateKey }
      : {}),
    ca: options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined,
    rejectUnauthorized: true,
    timeout: options.connectTimeoutMs,
    keepAlive: true,
  });
  // Once a peer has accepted this certificate, later connections to it skip the wait.
  const accepted = new Set<string>();
  return (connectOptions, callback) => {
    const peer = `${connectOptions.hostname}:${connectOptions.port}`;
    base(connectOptions, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connect failed'), null);
      const tls = socket as TLSSocket;
      if (accepted.has(peer) || typeof tls.getProtocol !== 'function' || tls.getProtocol() !== 'TLSv1.3')
        return callback(null, socket);
      awaitVerdict(tls, options.acceptanceWaitMs, (refusal) => {
        if (refusal) return callback(refusal, null);
        accepted.add(peer);
        callback(null, tls);
      });
    });
  };
}

function awaitVerdict(socket: TLSSocket, waitMs: number, done: (refusal?: Error) => void): void {
  let settled = false;
  const finish = (refusal?: TlsRefusedError) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.off('session', onSession);
    socket.off('error', onError);
    socket.off('close', onClose);
    // Hand over on a fresh tick: 'session' is emitted from inside OpenSSL's read processing, and a
    // request written synchronously from there is never flushed to the peer.
    setImmediate(() => {
      if (refusal) socket.destroy();
      done(refusal ?? (socket.destroyed ? new TlsRefusedError() : undefined));
    });
  };
  const onSession = () => finish();
  const onError = (e: { code?: string }) =>
    finish(new TlsRefusedError(typeof e?.code === 'string' ? e.code : undefined));
  const onClose = () => finish(new TlsRefusedError());
  // Servers that issue no session tickets simply get the request after waitMs.
  const timer = setTimeout(() => finish(), waitMs);
  socket.once('session', onSession);
  socket.once('error', onError);
  socket.once('close', onClose);
}
