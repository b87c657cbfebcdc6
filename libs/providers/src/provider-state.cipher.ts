/**
 * Seals the provider state stored with `{ secret: true }` (sessions, tokens, the sandbox's payer data) before it
 * leaves the process, and opens it again. The application supplies it (an authenticated cipher whose keys it owns
 * and rotates); `open` throws when the value was not sealed by a key it still holds.
 */
export interface ProviderStateCipher {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
export const ProviderStateCipher = Symbol('ProviderStateCipher');
