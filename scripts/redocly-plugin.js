/**
 * Redocly plugin with our own lint rule: every error status an operation can reach is documented on it.
 * - every operation can fail unexpectedly: 500
 * - a security requirement: 401 (no, bad or ended session)
 * - roles narrower than everyone, or an unsafe method that cookie sessions must send with CSRF: 403
 * - a request body, or any unsafe method (its body is parsed even when none is expected):
 *   400 (invalid), 413 (too large), 415 (not JSON)
 * - path parameters: 400 (malformed id) and 404 (no such resource)
 * - query or header parameters: 400
 * - anything that reads a session, a body or a resource touches the database: 503 when it is down
 * - every operation but the health probes is rate limited: 429
 */
const ALL_ROLES = ['admin', 'manager', 'user'];
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

function documentedErrors() {
  return {
    // Nested under PathItem so that `parents.PathItem` carries the path-level parameters.
    PathItem: {
      Operation: {
      enter(operation, ctx, parents) {
        const responses = Object.keys(operation.responses ?? {});
        const required = new Set(['500']);
        const security = (operation.security ?? []).filter((requirement) => Object.keys(requirement).length > 0);
        if (security.length > 0) {
          required.add('401');
          const roles = new Set(security.flatMap((requirement) => Object.values(requirement).flat()));
          if (ALL_ROLES.some((role) => !roles.has(role)) || UNSAFE.has(String(ctx.key))) required.add('403');
        }
        if (operation.requestBody || UNSAFE.has(String(ctx.key))) ['400', '413', '415'].forEach((s) => required.add(s));
        const params = [...(parents?.PathItem?.parameters ?? []), ...(operation.parameters ?? [])].map((p) => ctx.resolve(p).node ?? {});
        if (params.some((p) => p.in === 'path')) ['400', '404'].forEach((s) => required.add(s));
        if (params.some((p) => p.in === 'query' || p.in === 'header')) required.add('400');
        if (security.length > 0 || operation.requestBody || params.length > 0) required.add('503');
        if (!(operation.tags ?? []).includes('health')) required.add('429');
        for (const status of required) {
          if (!responses.includes(status)) {
            ctx.report({
              message: `${operation.operationId ?? 'operation'} can return ${status} but does not document it.`,
              location: ctx.location.child('responses'),
            });
          }
        }
      },
      },
    },
  };
}

export default function storeErpPlugin() {
  return {
    id: 'store-erp',
    rules: { oas3: { 'documented-errors': documentedErrors } },
  };
}
