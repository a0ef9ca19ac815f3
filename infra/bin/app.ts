import { DeployConfigError } from '../config/deploy-config.ts';
import { createParcoursApp } from '../parcours-stack.ts';

/**
 * `npx cdk synth` / `npx cdk deploy` (cdk.json runs this with tsx). A problem with the settings or
 * the project stops here with every problem listed, before anything is synthesized.
 */
try {
  const { app } = await createParcoursApp();
  app.synth();
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
