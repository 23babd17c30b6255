import { freePeriod, monthNumber, usDateTime, ymdColumns, yyyymmdd } from './mapping-dates.js';

describe('us-datetime', () => {
  it.each([
    ['5/16/2012 12:00:00 AM', '2012-05-16'],
    ['2/3/2017 12:00:00 AM', '2017-02-03'],
    ['12/31/2019 11:59:59 PM', '2019-12-31'],
    ['02/29/2016 14:30', '2016-02-29'],
    ['7/4/2015', '2015-07-04'],
    [' 7/4/2015 ', '2015-07-04'],
    ['2015-07-04', '2015-07-04'],
    ['2015-07-04T10:00:00Z', '2015-07-04T10:00:00Z'],
  ])('%s → %s (date only without an offset)', (input, out) => {
    expect(usDateTime(input)).toEqual({ ok: true, value: out });
  });

  it.each([
    ['5/16/2012 12:00:00 AM', 'Z', '2012-05-16T00:00:00Z'],
    ['5/16/2012 12:30:00 PM', 'Z', '2012-05-16T12:30:00Z'],
    ['5/16/2012 1:05:09 PM', '+09:00', '2012-05-16T13:05:09+09:00'],
    ['05/16/2012 07:45', '-05:00', '2012-05-16T07:45:00-05:00'],
  ])('%s with offset %s → %s', (input, offset, out) => {
    expect(usDateTime(input, offset)).toEqual({ ok: true, value: out });
  });

  it.each([
    ['2/30/2017 12:00:00 AM', 'no such date: month 2, day 30, year 2017'],
    ['13/1/2017', 'no such date: month 13, day 1, year 2017'],
    ['5/16/2012 13:00:00 PM', 'hour 13 is not on a 12-hour clock'],
    ['5/16/2012 24:00', 'hour 24 is out of range'],
    ['5/16/2012 10:61', 'time 10:61 is out of range'],
    ['16.05.2012', 'not a US date: "16.05.2012"'],
    ['2015-02-30', 'not a calendar date: 2015-02-30'],
  ])('rejects %s', (input, reason) => {
    expect(usDateTime(input)).toEqual({ ok: false, reason, expected: 'a US date such as 5/16/2012, 5/16/2012 12:00:00 AM or 05/16/2012 14:30' });
  });
});

describe('yyyymmdd', () => {
  it('reads the EEA integer date', () => {
    expect(yyyymmdd('20180428')).toEqual({ ok: true, value: '2018-04-28' });
    expect(yyyymmdd(' 20160229 ')).toEqual({ ok: true, value: '2016-02-29' });
  });
  it.each([
    ['20170229', 'no such date: 2017-02-29'],
    ['20181301', 'no such date: 2018-13-01'],
    ['2018042', 'not an 8-digit YYYYMMDD date: "2018042"'],
    ['20180428.0', 'not an 8-digit YYYYMMDD date: "20180428.0"'],
    ['2018-04-28', 'not an 8-digit YYYYMMDD date: "2018-04-28"'],
  ])('rejects %s', (input, reason) => {
    expect(yyyymmdd(input)).toEqual({ ok: false, reason, expected: 'a date written as the 8-digit number YYYYMMDD, e.g. 20180428' });
  });
});

describe('ymd-columns', () => {
  it.each([
    [['2014', '7', '21'], '2014-07-21'],
    [['1986', '07', '1'], '1986-07-01'],
    [['2014', '7', ''], '2014-07'],
    [['2014', '', ''], '2014'],
    [['2014', 'Aug', '3'], '2014-08-03'],
    [['2014', 'September', ''], '2014-09'],
    [['', '', ''], ''],
  ])('%j → %s', ([y, m, d], out) => {
    expect(ymdColumns(y, m, d)).toEqual({ ok: true, value: out });
  });
  it.each([
    [['1976', '10.5', '15'], 'not a month: "10.5"'],
    [['1976', '13', ''], 'not a month: "13"'],
    [['2014', '4', '31'], 'no such date: 2014-04-31'],
    [['2014', '4', '1.5'], 'not a day of the month: "1.5"'],
    [['2014', '', '3'], 'day "3" given without a month'],
    [['14', '4', '3'], 'not a 4-digit year: "14"'],
    [['', '4', '3'], 'month or day given without a year (year "", month "4", day "3")'],
  ])('rejects %j', ([y, m, d], reason) => {
    const r = ymdColumns(y, m, d);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toBe(reason);
  });
});

describe('free-period', () => {
  it.each([
    ['2016', '2016'],
    ['2016 Feb', '2016-02'],
    ['Feb 2016', '2016-02'],
    ['2016 Nov', '2016-11'],
    ['2015 Jun-Jul', '2015-06/2015-07'],
    ['2015 Apr-Jul', '2015-04/2015-07'],
    ['Jun-Jul 2015', '2015-06/2015-07'],
    ['Aug 2020-Jan 2021', '2020-08/2021-01'],
    ['Sep 2018-Mar 2020', '2018-09/2020-03'],
    ['2020 Aug-2021 Jan', '2020-08/2021-01'],
    ['2015-2016', '2015/2016'],
    ['2019 fall', '2019'],
    ['2015 Fall', '2015'],
    ['Autumn 2015', '2015'],
    ['2015 spring', '2015'],
    ['2015  Jun - Jul', '2015-06/2015-07'],
    ['2016-02-03', '2016-02-03'],
    ['2016-02/2016-05', '2016-02/2016-05'],
    ['', ''],
  ])('%s → %s', (input, out) => {
    expect(freePeriod(input)).toBe(out);
  });

  // Never a guessed year or season: the text goes on as written and the validator rejects it.
  it.each(['Aug', 'Jun-Jul', '2016 Dec-Jan', '2018 summer', '2018 winter', 'Aug 2021-Jan 2020', '2016-2015', '2016 Foo', '(N/R)', 'spring'])('%s stays as written', (input) => {
    expect(freePeriod(input)).toBe(input);
  });
});

describe('monthNumber', () => {
  it.each([['Jan', 1], ['aug', 8], ['Aug.', 8], ['August', 8], ['Sept', 9], ['may', 5]])('%s → %d', (w, n) => {
    expect(monthNumber(w)).toBe(n);
  });
  it.each(['Ju', 'Augus', 'fall', ''])('%s is no month', (w) => {
    expect(monthNumber(w)).toBeUndefined();
  });
});
