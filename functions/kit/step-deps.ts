import { systemClock } from '../../shared/clock/clock.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { readRuntimeBundle } from '../../shared/config/runtime-bundle-seal.ts';
import type { StepDeps } from '../../shared/steps/step-context.ts';
import { CommonEnv, storeFrom } from './environment.ts';

/** The dependencies every step function shares, built once per container from its environment. */
export function stepDepsFromEnvironment(env: Record<string, string | undefined>): StepDeps {
  const common = parseEnv(CommonEnv, env);
  return { store: storeFrom(common), bundle: readRuntimeBundle(common.PARCOURS_BUNDLE), clock: systemClock };
}
