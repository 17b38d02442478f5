import fastifyHelmet, { FastifyHelmetOptions } from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Browser-facing headers on every response (issue 14 §4), and Cache-Control: no-store.
 *
 * The API answers JSON to programs, so its Content-Security-Policy allows nothing at all: a response that a browser
 * is tricked into rendering (an error echoing input, say) can load no script, style or frame. Only Swagger UI under
 * /docs gets a policy that lets it run: its own scripts and styles from 'self', the inline <style> blocks and style
 * attributes of @nestjs/swagger's page ('unsafe-inline' for styles only — the page has no inline script, which
 * test/foundation/security-headers.e2e-spec.ts checks), data: images from swagger-ui.css, and fetches to 'self' for
 * "Try it out". No third-party origin (not even the validator badge's): the docs work on an office intranet offline.
 */
export const API_CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const DOCS_CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI's page and assets (SwaggerModule.setup('docs') serves /docs, /docs/index.html, /docs/*.js|css|png). */
export function isDocsPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path === '/docs' || path.startsWith('/docs/');
}

export interface SecurityHeaderOptions {
  /** Strict-Transport-Security max-age; 0 sends none. */
  hstsMaxAgeSeconds: number;
}

export async function registerSecurityHeaders(
  app: NestFastifyApplication,
  options: SecurityHeaderOptions,
): Promise<void> {
  const helmetOptions: FastifyHelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
    // HSTS is ignored over plain HTTP and binds the host to HTTPS once a TLS proxy forwards it. Subdomains are left
    // out: an office's intranet often serves other (plain HTTP) services under the same parent domain.
    strictTransportSecurity:
      options.hstsMaxAgeSeconds > 0 ? { maxAge: options.hstsMaxAgeSeconds, includeSubDomains: false } : false,
    // Nothing here is meant to be framed; DENY also covers browsers without CSP frame-ancestors.
    xFrameOptions: { action: 'deny' },
    // Case URLs carry ids; a link followed from Swagger UI must not leak them to another site.
    referrerPolicy: { policy: 'no-referrer' },
    // The API has no CORS: a page from another origin may not embed its responses either.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
  // The cast only bridges two copies of Fastify's types (@nestjs/platform-fastify pins its own fastify); at run time
  // the plugin is registered on Nest's instance like any other.
  await app.register(fastifyHelmet as unknown as Parameters<NestFastifyApplication['register']>[0], helmetOptions);

  const fastify = app.getHttpAdapter().getInstance();
  const docsCsp = fastifyHelmet.contentSecurityPolicy({ useDefaults: false, directives: DOCS_CSP_DIRECTIVES });
  // Runs after helmet's own onRequest hooks (registered above), replacing the API policy on the docs pages only.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isDocsPath(request.url)) {
      docsCsp(request.raw, reply.raw, () => undefined);
    }
    done();
  });

  // PIPL 51(2): responses carry applicants' names and ID numbers, and shared or proxy caches (and the browser's disk
  // cache on an office PC) must not keep them. Every response is no-store unless its handler chose a policy itself
  // (today only @fastify/static for the Swagger UI assets): the code lists and calendar are not personal but are
  // small and rarely read, so one rule for everything is worth more than their cacheability.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
