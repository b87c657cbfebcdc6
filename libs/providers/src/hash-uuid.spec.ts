import { hashUuid } from './hash-uuid';

describe('hashUuid', () => {
  it('gives the same version-4-shaped UUID for the same text, and keeps the format keys were derived with', () => {
    expect(hashUuid('mcp-maax-cob:hash-uuid-vector')).toBe('ad230cfe-5a62-4a77-bedc-f0d0754b43d8');
    expect(hashUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(hashUuid('a')).not.toBe(hashUuid('b'));
  });
});
