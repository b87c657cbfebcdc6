type Json = Record<string, unknown>;

async function postTo(url: string, body: string, contentType: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  await res.arrayBuffer();
  return res.status;
}

/**
 * The API Cobranças callback: `notification=<token>` POSTed as a form to `url` [READ; the form content type is
 * INFERRED], as Efí does on every status change. Answers the receiver's HTTP status.
 */
export function postEfiNotification(url: string, token: string): Promise<number> {
  return postTo(url, new URLSearchParams({ notification: token }).toString(), 'application/x-www-form-urlencoded');
}

/**
 * The API Pix webhook: `{pix:[...]}` (a cob's received Pix, with their devoluções) POSTed to `<url>/pix`. Answers the
 * receiver's HTTP status.
 */
export function postEfiPixWebhook(url: string, pix: Json[]): Promise<number> {
  // Efí appends /pix to the registered URL (a URL ending in `?ignorar=` swallows it).
  const payload = pix.map((p) => ({
    endToEndId: p.endToEndId,
    txid: p.txid,
    chave: p.chave,
    valor: p.valor,
    horario: p.horario,
    infoPagador: p.infoPagador,
    ...(p.devolucoes ? { devolucoes: p.devolucoes } : {}),
  }));
  return postTo(`${url}/pix`, JSON.stringify({ pix: payload }), 'application/json');
}
