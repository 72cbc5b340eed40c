export interface RouteMatch<R extends string = string> {
  route: R;
  template: string;
  params: Record<string, string>;
}

interface CompiledRoute<R extends string> {
  route: R;
  template: string;
  pattern: RegExp;
  names: string[];
}

/** Turns path templates such as `/v1/tickets/{barcode}` into matchers; `{name}` takes one path segment. */
export function compileRoutes<R extends string>(
  paths: Readonly<Record<R, string>>,
): (pathname: string) => RouteMatch<R> | undefined {
  const compiled: CompiledRoute<R>[] = (Object.entries(paths) as [R, string][]).map(([route, template]) => {
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
  });
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
