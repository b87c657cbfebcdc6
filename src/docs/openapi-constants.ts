/** Names of the OpenAPI security schemes (components.securitySchemes). */
export const BEARER_SECURITY = 'bearer';
export const METRICS_SECURITY = 'metrics-token';
