/**
 * The forms a secret can take when something serializes it: plain, base64 at each of the three byte alignments
 * (the secret starting at an offset ≡ 0, 1 or 2 mod 3 inside a longer encoded buffer), the same in base64url, and
 * hex (both cases). Each form is a substring that any encoding of a buffer containing the secret must contain.
 */
export function secretForms(secret: string): Array<[encoding: string, form: string]> {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: Array<[string, string]> = [['plain', secret]];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Drop the group that mixes in the prefix bytes and the last group (padding, or bytes that follow the secret).
    const stable = encoded.slice(offset === 0 ? 0 : 4, -4);
    forms.push([`base64@${offset}`, stable]);
    const url = stable.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== stable) forms.push([`base64url@${offset}`, url]);
  }
  forms.push(['hex', bytes.toString('hex')], ['HEX', bytes.toString('hex').toUpperCase()]);
  return forms.filter(([, form]) => form.length >= 8);
}

export interface Leak {
  sink: string;
  secret: string;
  encoding: string;
  excerpt: string;
}

/** Every place (sink) where a form of a named secret shows up in the given texts. */
export function findLeaks(secrets: Record<string, string>, sinks: Record<string, string[]>): Leak[] {
  const leaks: Leak[] = [];
  for (const [secretName, secret] of Object.entries(secrets)) {
    for (const [encoding, form] of secretForms(secret)) {
      for (const [sink, texts] of Object.entries(sinks)) {
        for (const text of texts) {
          const at = text.indexOf(form);
          if (at === -1) continue;
          leaks.push({ sink, secret: secretName, encoding, excerpt: text.slice(Math.max(0, at - 80), at + 80) });
          break;
        }
      }
    }
  }
  return leaks;
}
