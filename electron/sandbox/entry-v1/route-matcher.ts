import type { SandboxPaths, SandboxRoute } from './types.js';

export interface RouteMatch {
  route: SandboxRoute;
  template: string;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: SandboxRoute;
  template: string;
  pattern: RegExp;
  names: string[];
}

/** Turns path templates such as `/v1/tickets/{barcode}` into matchers; `{name}` takes one path segment. */
export function compileRoutes(paths: SandboxPaths): (pathname: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = (Object.entries(paths) as [SandboxRoute, string][]).map(
    ([route, template]) => {
      const names: string[] = [];
      const source = template
        .split(/(\{[A-Za-z]+\})/)
        .map((part) => {
          const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
          if (name) {
            names.push(name);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { route, template, pattern: new RegExp(`^${source}/?$`), names };
    },
  );
  // Literal routes first, so `/v1/session/lite` never falls to a templated sibling.
  compiled.sort((a, b) => a.names.length - b.names.length);

  return (pathname) => {
    for (const { route, template, pattern, names } of compiled) {
      const m = pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      } catch {
        continue; // Bad percent-encoding: no route.
      }
      return { route, template, params };
    }
    return undefined;
  };
}
