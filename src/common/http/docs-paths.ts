/** Where Swagger UI (page, init script, static assets) and the OpenAPI document are served. */
export const DOCS_PATH = '/docs';
export const DOCS_JSON_PATH = '/docs-json';
