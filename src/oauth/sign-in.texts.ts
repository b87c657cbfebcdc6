/** The sign-in page's words, in Portuguese (the default for Brazilian users) and English. */
export const TEXTS = {
  'pt-BR': {
    title: 'Autorizar acesso ao gateway de cobranças',
    asks: 'quer acessar o gateway de cobranças em seu nome.',
    redirect: 'Depois, você volta para',
    scopes: 'Permissões pedidas',
    allScopes: 'todas as permissões da sua credencial',
    credential: 'Sua credencial do gateway',
    credentialHelp:
      'Cole o refresh token (ou o access token) que a conta de serviço da sua organização emitiu para você com o comando de tokens.',
    next: 'Continuar',
    approve: 'Aprovar',
    deny: 'Negar',
    grants: 'Esta credencial dá acesso a',
    tenant: 'Cliente (tenant)',
    bank: 'Banco',
    granted: 'Permissões concedidas',
    limit: 'Limite por cobrança',
    noLimit: 'sem limite',
    until: 'Válido até',
    errorTitle: 'Não foi possível continuar',
    errorBack: 'Volte ao aplicativo que abriu esta página e tente de novo.',
    credentialErrors: {
      empty: 'Cole uma credencial.',
      invalid: 'Este refresh token não é válido para este gateway.',
      expired: 'Este refresh token expirou: peça um novo à sua organização.',
      foreign: 'Esta credencial pertence a outro aplicativo.',
      revoked: 'Este refresh token foi revogado.',
      rejected: 'Este token não é aceito',
      noScopes: 'Esta credencial não dá nenhuma das permissões que o aplicativo pede.',
    },
    scopeNames: {
      'charges:read': 'consultar cobranças',
      'charges:write': 'criar cobranças',
      'charges:cancel': 'cancelar cobranças',
      'webhooks:manage': 'gerenciar webhooks',
    } as Record<string, string>,
  },
  en: {
    title: 'Authorize access to the charges gateway',
    asks: 'wants to use the charges gateway on your behalf.',
    redirect: 'Afterwards you return to',
    scopes: 'Permissions asked for',
    allScopes: 'every permission of your credential',
    credential: 'Your gateway credential',
    credentialHelp:
      "Paste the refresh token (or access token) your organization's service account issued to you with the token command.",
    next: 'Continue',
    approve: 'Approve',
    deny: 'Deny',
    grants: 'This credential gives access to',
    tenant: 'Tenant',
    bank: 'Bank',
    granted: 'Permissions granted',
    limit: 'Limit per charge',
    noLimit: 'no limit',
    until: 'Valid until',
    errorTitle: 'This request cannot go on',
    errorBack: 'Go back to the application that opened this page and try again.',
    credentialErrors: {
      empty: 'Paste a credential.',
      invalid: 'This refresh token is not valid for this gateway.',
      expired: 'This refresh token has expired: ask your organization for a new one.',
      foreign: 'This credential belongs to another application.',
      revoked: 'This refresh token was revoked.',
      rejected: 'This token is not accepted',
      noScopes: 'This credential grants none of the permissions the application asks for.',
    },
    scopeNames: {
      'charges:read': 'read charges',
      'charges:write': 'create charges',
      'charges:cancel': 'cancel charges',
      'webhooks:manage': 'manage webhooks',
    } as Record<string, string>,
  },
} as const;

export type Lang = keyof typeof TEXTS;
export type CredentialProblem = keyof (typeof TEXTS)['en']['credentialErrors'];

/** pt-BR unless the browser prefers English over Portuguese (Accept-Language, q-values honoured). */
export function pickLang(acceptLanguage: string | undefined): Lang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('pt')) return 'pt-BR';
    if (tag.startsWith('en')) return 'en';
  }
  return 'pt-BR';
}
