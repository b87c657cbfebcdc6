import { datedDocumentCache, daysFromToday, resolveExampleDates } from './example-dates';

describe('example dates of the OpenAPI document', () => {
  it('are counted from the given day, across months and years, inside longer strings too', () => {
    const template = {
      dueDate: daysFromToday(7),
      nested: [{ until: daysFromToday(5) }],
      at: `${daysFromToday(1)}T13:05:00.000Z`,
      plain: '2026-12-10',
    };
    expect(resolveExampleDates(template, '2027-12-28')).toEqual({
      dueDate: '2028-01-04',
      nested: [{ until: '2028-01-02' }],
      at: '2027-12-29T13:05:00.000Z',
      plain: '2026-12-10',
    });
    expect(resolveExampleDates(template, '2028-02-27').dueDate).toBe('2028-03-05');
    expect(template.dueDate).toBe(daysFromToday(7)); // the template is left as it was
  });

  it('are counted from today in America/Sao_Paulo by default, and re-dated when that day changes', () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T02:00:00Z') }); // still 2029-12-31 in São Paulo (UTC-3)
    try {
      const dated = datedDocumentCache<{ dueDate: string }>();
      const template = { dueDate: daysFromToday(7) };
      const first = dated(template);
      expect(first.dueDate).toBe('2030-01-07');
      expect(dated(template)).toBe(first); // same day: the same copy
      jest.setSystemTime(new Date('2030-01-01T03:00:00Z')); // midnight in São Paulo
      expect(dated(template).dueDate).toBe('2030-01-08');
      expect(resolveExampleDates(template).dueDate).toBe('2030-01-08');
    } finally {
      jest.useRealTimers();
    }
  });
});
