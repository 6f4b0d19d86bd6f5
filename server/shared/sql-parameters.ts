/** Adds a value to a query's parameters and returns its placeholder. */
export type Bind = (value: unknown) => string;

/** A binder for TypeORM query builders: named parameters `:prefix0`, `:prefix1`, … collected in `params`. */
export function namedParameters(prefix: string): { bind: Bind; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  return {
    params,
    bind: (value) => {
      const name = `${prefix}${Object.keys(params).length}`;
      params[name] = value;
      return `:${name}`;
    },
  };
}

/** A binder for raw SQL: positional parameters `$1`, `$2`, … appended to `params`. */
export function positionalParameters(params: unknown[]): Bind {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}
