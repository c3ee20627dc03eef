/**
 * `inner` with some of its methods replaced by `overrides`; every other property is read from
 * `inner` and its methods run on `inner` itself. A port that gains a method (or a class whose
 * own type a caller needs, like the audit repository) is decorated without restating it.
 */
export function decorate<T extends object>(inner: T, overrides: Partial<T>): T {
  return new Proxy(inner, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return (overrides as Record<PropertyKey, unknown>)[key];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
