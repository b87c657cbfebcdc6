import { BrCodeFormatError, parseTlv, parseTlvRecord, tlv } from './emv-tlv';

describe('EMV TLV', () => {
  it('writes the length as two digits and reads back the same objects', () => {
    const data = tlv('00', '01') + tlv('59', 'Fulano de Tal') + tlv('62', tlv('05', '***'));
    expect(data).toBe('0002015913Fulano de Tal62070503***');
    expect(parseTlv(data)).toEqual([
      { id: '00', value: '01' },
      { id: '59', value: 'Fulano de Tal' },
      { id: '62', value: '0503***' },
    ]);
    expect(tlv('54', '')).toBe('5400');
  });

  it('refuses values longer than 99 characters and ids that are not 2 digits', () => {
    expect(tlv('26', 'x'.repeat(99))).toHaveLength(103);
    expect(() => tlv('26', 'x'.repeat(100))).toThrow(RangeError);
    expect(() => tlv('6', 'x')).toThrow(RangeError);
  });

  it('throws BrCodeFormatError on a truncated value, a short header or a repeated id', () => {
    expect(() => parseTlv('0005abc')).toThrow(BrCodeFormatError);
    expect(() => parseTlv('000201590')).toThrow(BrCodeFormatError);
    expect(() => parseTlvRecord('000201000201')).toThrow(BrCodeFormatError);
  });
});
