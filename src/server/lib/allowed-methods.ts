/**
 * The methods an app answers on a path, for the `Allow` header of a 405: built from its route table
 * (`allowedMethods(app.routes)`) when first asked, after every route is registered. Route paths are literal segments
 * and `:name` parameters, as this app writes them. HEAD is answered wherever GET is (Hono runs the GET handler).
 */
export function allowedMethods(routes: readonly { method: string; path: string }[]): (path: string) => string[] {
  let paths: { pattern: RegExp; methods: Set<string> }[] | undefined
  const build = () => {
    const byPath = new Map<string, Set<string>>()
    // ALL: middleware, not an answer of its own.
    for (const route of routes.filter((r) => r.method !== 'ALL')) {
      byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method))
    }
    return [...byPath].map(([path, methods]) => ({ pattern: patternOf(path), methods }))
  }
  return (path) => {
    paths ??= build()
    const methods = new Set<string>()
    for (const known of paths) if (known.pattern.test(path)) known.methods.forEach((m) => methods.add(m))
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods].sort()
  }
}

const patternOf = (path: string) =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  )
