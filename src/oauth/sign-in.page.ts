import { TEXTS, type Lang } from './sign-in.texts';

/** What the authorization request asks (carried in hidden fields from step to step: the server keeps nothing). */
export type AuthorizeParams = Record<
  | 'response_type'
  | 'client_id'
  | 'redirect_uri'
  | 'state'
  | 'code_challenge'
  | 'code_challenge_method'
  | 'scope'
  | 'resource',
  string | undefined
>;

export interface GrantView {
  tenantId: string;
  bank: string;
  scopes: string[];
  maxAmountCents?: number;
  until: number;
}

export type SignInView =
  | { step: 'credential'; clientName: string; redirectHost: string; params: AuthorizeParams; error?: string }
  | {
      step: 'confirm';
      clientName: string;
      redirectHost: string;
      params: AuthorizeParams;
      credential: string;
      grant: GrantView;
    }
  | { step: 'error'; error: string };

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function money(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'pt-BR', { style: 'currency', currency: 'BRL' }).format(
    cents / 100,
  );
}

function hidden(params: AuthorizeParams): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v as string)}">`)
    .join('\n      ');
}

function scopeList(scopes: string[], lang: Lang): string {
  const t = TEXTS[lang];
  return `<ul class="scopes">${scopes.map((s) => `<li><code>${esc(s)}</code> ${esc(t.scopeNames[s] ?? '')}</li>`).join('')}</ul>`;
}

/**
 * The sign-in page, rendered on the server: no script at all, one stylesheet from this origin (the CSP allows
 * nothing else), labels on every field, errors in a role="alert" region, in the language of the browser.
 */
export function renderSignIn(view: SignInView, lang: Lang): string {
  const t = TEXTS[lang];
  let main: string;
  if (view.step === 'error') {
    main = `<h1>${esc(t.errorTitle)}</h1>
    <p class="error" role="alert">${esc(view.error)}</p>
    <p>${esc(t.errorBack)}</p>`;
  } else {
    const requested = view.params.scope ? view.params.scope.split(' ').filter(Boolean) : [];
    const head = `<h1>${esc(t.title)}</h1>
    <p class="client"><strong>${esc(view.clientName)}</strong> ${esc(t.asks)}</p>
    <p>${esc(t.redirect)} <strong>${esc(view.redirectHost)}</strong>.</p>`;
    if (view.step === 'credential') {
      main = `${head}
    <h2>${esc(t.scopes)}</h2>
    ${requested.length ? scopeList(requested, lang) : `<p>${esc(t.allScopes)}</p>`}
    <form method="post" action="/oauth/authorize">
      ${hidden(view.params)}
      ${view.error ? `<p class="error" role="alert" id="credential-error">${esc(view.error)}</p>` : ''}
      <label for="credential">${esc(t.credential)}</label>
      <p class="help" id="credential-help">${esc(t.credentialHelp)}</p>
      <textarea id="credential" name="credential" rows="4" required autocomplete="off" spellcheck="false"
        aria-describedby="credential-help${view.error ? ' credential-error' : ''}"></textarea>
      <div class="actions">
        <button type="submit" name="action" value="check">${esc(t.next)}</button>
        <button type="submit" name="action" value="deny" class="secondary" formnovalidate>${esc(t.deny)}</button>
      </div>
    </form>`;
    } else {
      const g = view.grant;
      main = `${head}
    <h2>${esc(t.grants)}</h2>
    <dl>
      <dt>${esc(t.tenant)}</dt><dd>${esc(g.tenantId)}</dd>
      <dt>${esc(t.bank)}</dt><dd>${esc(g.bank)}</dd>
      <dt>${esc(t.limit)}</dt><dd>${g.maxAmountCents === undefined ? esc(t.noLimit) : esc(money(g.maxAmountCents, lang))}</dd>
      <dt>${esc(t.until)}</dt><dd>${esc(new Date(g.until * 1000).toISOString().replace('T', ' ').slice(0, 16))} UTC</dd>
    </dl>
    <h2>${esc(t.granted)}</h2>
    ${scopeList(g.scopes, lang)}
    <form method="post" action="/oauth/authorize">
      ${hidden(view.params)}
      <input type="hidden" name="credential" value="${esc(view.credential)}">
      <div class="actions">
        <button type="submit" name="action" value="approve">${esc(t.approve)}</button>
        <button type="submit" name="action" value="deny" class="secondary">${esc(t.deny)}</button>
      </div>
    </form>`;
    }
  }
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${esc(t.title)}</title>
  <link rel="stylesheet" href="/oauth/sign-in.css">
</head>
<body>
  <main>
    ${main}
  </main>
</body>
</html>
`;
}

export const SIGN_IN_CSS = `body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}h2{font-size:1.05rem;margin-bottom:.3rem}
.client{font-size:1.1rem}.scopes{padding-left:1.2rem}code{background:#eef;padding:0 .25rem;border-radius:3px}
label{display:block;font-weight:600;margin-top:1rem}.help{color:#4a5163;font-size:.9rem;margin:.2rem 0}
textarea{width:100%;box-sizing:border-box;font:13px monospace;padding:.5rem;border:1px solid #8a91a3;border-radius:4px}
textarea:focus,button:focus{outline:3px solid #5b8def;outline-offset:2px}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{font-size:1rem;padding:.55rem 1.3rem;border-radius:4px;border:1px solid #1f5fd1;background:#1f5fd1;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f5fd1}
.error{background:#fdecea;border-left:4px solid #c62828;padding:.6rem .8rem;color:#8e1c1c}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
`;
