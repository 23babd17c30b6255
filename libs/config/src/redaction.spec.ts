import { loadConfig, natsUrl, redactNatsUrl, redactNatsUrls, redactUrl } from './index.js';

describe('secrets in connection URLs never reach logs or errors', () => {
  it.each([
    ['postgres://littoral:s3cret@db:5432/node', 'postgres://littoral:***@db:5432/node'],
    ['postgres://littoral@db:5432/node', 'postgres://littoral@db:5432/node'],
    ['not a url', '(unparseable URL)'],
  ])('redactUrl(%s) = %s', (url, shown) => expect(redactUrl(url)).toBe(shown));

  it.each([
    ['nats://agency:s3cret@nats.example:4222', 'nats://agency:***@nats.example:4222'],
    ['nats://Tok3nValue@nats.example:4222', 'nats://***@nats.example:4222'],
    ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4222'],
  ])('redactNatsUrl(%s) = %s (a user name alone is a NATS token)', (url, shown) => expect(redactNatsUrl(url)).toBe(shown));

  it('redacts every server of a NATS_URL list', () => {
    expect(redactNatsUrls(['nats://a:pw@h1:4222', 'tls://tok@h2:4443'])).toEqual(['nats://a:***@h1:4222', 'tls://***@h2:4443']);
  });

  it('a bad NATS_URL is explained without echoing credentials', () => {
    let message = '';
    try {
      loadConfig({ NATS_URL: natsUrl() }, { NATS_URL: 'nats://ok@h:1, http://agency:s3cret@h:2' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('NATS_URL=(secret value hidden)');
    expect(message).toContain('"http://agency:***@h:2/": expected scheme nats://, tls://, ws:// or wss://');
    expect(message).not.toContain('s3cret');
  });
});
