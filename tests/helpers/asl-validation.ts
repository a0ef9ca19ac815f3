import aslValidator from 'asl-validator';

/**
 * asl-validator's verdict on a definition. It writes each state's default QueryLanguage into what
 * it checks, so it is given a copy: the definition stays the compiler's, for the tests that pin or
 * run it afterwards, whatever order they run in.
 */
export function aslValidation(definition: unknown, options?: Parameters<typeof aslValidator>[1]) {
  return aslValidator(structuredClone(definition), options);
}
