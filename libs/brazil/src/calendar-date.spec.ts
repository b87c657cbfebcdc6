import { dayToIsoDate, isoDateToDay, isValidIsoDate, todayInSaoPaulo } from './calendar-date';

describe('isValidIsoDate', () => {
  it.each(['2025-02-21', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (date) => {
    expect(isValidIsoDate(date)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-02-30',
    '2025-13-01',
    '2025-00-10',
    '2025-2-3',
    '2025-02-21T00:00:00Z',
    ' 2025-02-21',
    '',
  ])('rejects %p', (date) => {
    expect(isValidIsoDate(date)).toBe(false);
  });
});

describe('isoDateToDay / dayToIsoDate', () => {
  it('counts whole days from 1970-01-01 and back', () => {
    expect(isoDateToDay('1970-01-01')).toBe(0);
    expect(isoDateToDay('2025-02-22') - isoDateToDay('1997-10-07')).toBe(10000);
    expect(dayToIsoDate(isoDateToDay('2049-10-13'))).toBe('2049-10-13');
  });

  it('throws RangeError for a date that does not exist', () => {
    expect(() => isoDateToDay('2025-02-30')).toThrow(RangeError);
  });
});

describe('todayInSaoPaulo', () => {
  it('uses the Brazilian date, three hours behind UTC', () => {
    expect(todayInSaoPaulo(new Date('2025-01-01T02:59:00Z'))).toBe('2024-12-31');
    expect(todayInSaoPaulo(new Date('2025-01-01T03:00:00Z'))).toBe('2025-01-01');
  });
});
