/**
 * A module a function reads the first time it is needed rather than at cold start. The function
 * bundles are split at every `import()` (infra/bundle/function-bundle.ts), so what `load` imports
 * is a file of its own that only an invocation needing it reads.
 */
export type OnDemand<T> = {
  /** Loads it once; a failed load is not kept, so a later caller asks again. */
  readonly load: () => Promise<T>;
  /** What the first load gave, or undefined before it ends. */
  readonly loaded: () => T | undefined;
};

export function onDemand<T>(load: () => Promise<T>): OnDemand<T> {
  let loading: Promise<T> | undefined;
  let value: T | undefined;
  return {
    load: () => {
      loading ??= load().then(
        (loadedValue) => {
          value = loadedValue;
          return loadedValue;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    loaded: () => value,
  };
}
