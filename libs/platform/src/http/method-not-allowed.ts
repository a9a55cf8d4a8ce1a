import type { NextFunction, Request, Response } from 'express';

type RouteLayer = { route?: { path: string; methods: Record<string, boolean>; _handlesMethod(method: string): boolean }; match(path: string): boolean };
type Router = { stack: RouteLayer[] };

/**
 * A known path asked with a method it does not serve gets 405 with `Allow`, not the 404 an
 * unknown path gets (RFC 9110 §15.5.6). It reads the express router's own table, so it is
 * never out of step with the routes; OPTIONS is left to express, which answers it with `Allow`.
 */
export function methodNotAllowed(expressApp: { router?: Router; _router?: Router }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const router = expressApp.router ?? expressApp._router;
    if (!router || req.method === 'OPTIONS') return next();
    // Wildcard routes are middleware Nest mounts on every path and method, not endpoints.
    const matching = router.stack.filter((layer) => layer.route && !layer.route.path.includes('*') && layer.match(req.path));
    // A literal path wins over a parameter: PATCH /subprocessors/import is not PATCH /subprocessors/:id.
    const literal = matching.filter((layer) => !layer.route!.path.includes(':'));
    const allowed = new Set<string>();
    for (const layer of literal.length > 0 ? literal : matching) {
      if (layer.route!._handlesMethod(req.method)) return next();
      for (const [method, on] of Object.entries(layer.route!.methods)) if (on) allowed.add(method.toUpperCase());
    }
    if (allowed.size === 0) return next();
    const allow = [...allowed].join(', ');
    res.setHeader('Allow', allow);
    res.status(405).json({ statusCode: 405, error: 'Method Not Allowed', message: `${req.method} is not allowed on ${req.path}; allowed: ${allow}` });
  };
}
