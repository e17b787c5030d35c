/**
 * The dashboard's security headers, the same as nginx/nginx.conf sends (a test compares the two). When the API process
 * serves the built dashboard itself (`npm start`), @fastify/helmet sends these.
 */
export const DASHBOARD_CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'sha256-a4cyeb94tW1b+U7T7LFjgguGb3ixThD+qA1XC9mR2TU='"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const DASHBOARD_CSP = Object.entries(DASHBOARD_CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=()';
