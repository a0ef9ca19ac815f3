import * as z from 'zod/mini';
import { JourneyRef } from '../journeys/journey-input.ts';
import { ProfileFullError } from '../profiles/profile-room.ts';
import { updateProfile } from '../profiles/store.ts';
import { isRecord } from '../store/field-path.ts';
import { PayloadRenderError, renderPayload } from './render-payload.ts';
import { enterStep, type StepDeps } from './step-context.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const UpdateProfileInput = z.object({
  step: z.string(),
  journey: JourneyRef,
  update: z.object({
    set: z.optional(z.record(z.string(), Scalar)),
    unset: z.optional(z.array(z.string())),
    increment: z.optional(z.record(z.string(), z.number())),
  }),
});
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>;

/**
 * Sets, removes or increments profile attributes (dotted paths are nested attributes). A change
 * whose Liquid fails, or that the profile has no room for (shared/profiles/store.ts), changes
 * nothing: the step says why in its result, as a refused webhook does, and the journey goes on.
 *
 * Step Functions retries the Task when its answer is lost (a timeout after the write landed), and
 * an increment applied again would count twice: the change is applied once per execution and step
 * (updateProfile's `once`), and a retry returns the same result without applying it again.
 */
export async function updateProfileStep(
  input: UpdateProfileInput,
  deps: StepDeps,
): Promise<{ updated: string[]; failed?: string }> {
  const context = await enterStep(input.journey, deps);
  const place = { context, journey: input.journey, step: input.step, config: deps.bundle.config };
  try {
    const update = await renderPayload(input.update, place);
    await updateProfile(
      deps.store,
      input.journey.profileId,
      (profile) => {
        const attributes = structuredClone(profile.attributes);
        for (const [path, value] of Object.entries(update.set ?? {})) setPath(attributes, path, value);
        for (const path of update.unset ?? []) setPath(attributes, path, undefined);
        for (const [path, amount] of Object.entries(update.increment ?? {})) {
          const current = readPath(attributes, path);
          setPath(attributes, path, (typeof current === 'number' ? current : 0) + amount);
        }
        return { ...profile, attributes };
      },
      context.now,
      { once: `${input.journey.execution}#${input.step}` },
    );
    return {
      updated: [
        ...Object.keys(update.set ?? {}),
        ...(update.unset ?? []),
        ...Object.keys(update.increment ?? {}),
      ],
    };
  } catch (error) {
    if (error instanceof PayloadRenderError || error instanceof ProfileFullError)
      return { updated: [], failed: error.message };
    throw error;
  }
}

function readPath(target: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), target);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop();
  if (last === undefined) return;
  let node = target;
  for (const part of parts) {
    const next = node[part];
    if (!isRecord(next)) node[part] = {};
    const child = node[part];
    if (!isRecord(child)) return;
    node = child;
  }
  if (value === undefined) delete node[last];
  else node[last] = value;
}
