import { unroutedTemplate } from './request-edge';

describe('route template of a request no handler matched', () => {
  it.each([
    ['/docs', 200, '/docs'],
    ['/docs/', 200, '/docs'],
    ['/docs?x=1', 200, '/docs'],
    ['/docs-json', 200, '/docs-json'],
    ['/docs/swagger-ui.css', 200, '/docs/*'],
    ['/docs/docs/swagger-ui-bundle.js', 304, '/docs/*'],
    ['/docs/favicon-32x32.png?v=2', 200, '/docs/*'],
    ['/docs/no-such.js', 404, 'unmatched'],
    ['/docsx', 200, 'unmatched'],
    ['/docs-jsonx', 200, 'unmatched'],
    ['/v1/charges/abc/cancel', 405, 'unmatched'],
    ['/favicon.ico', 404, 'unmatched'],
    [undefined, 400, 'unmatched'],
  ])('%s answered %s is %s', (url, status, route) => {
    expect(unroutedTemplate(url, status)).toBe(route);
  });
});
