import { relative } from 'node:path';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';
import { formatViolation } from '../../state-machines/validation/violation.ts';
import type { ProjectFixture } from './project-fixture.ts';

/** Every violation of a fixture project, as `parcours validate` prints it, files relative to it. */
export async function violationsOf(fixture: ProjectFixture): Promise<string[]> {
  const { violations } = validateProject(await loadProject(fixture.dir));
  return violations.map((violation) =>
    formatViolation({ ...violation, file: relative(fixture.dir, violation.file) }),
  );
}
