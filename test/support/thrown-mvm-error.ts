import { isMvmError, type MvmError } from '../../src/errors.js';

/** The {@link MvmError} `fn` throws; fails the test if it throws nothing or something else. */
export function thrownMvmError(fn: () => unknown): MvmError {
  try {
    fn();
  } catch (error) {
    if (isMvmError(error)) return error;
    throw error;
  }
  throw new Error('expected an MvmError, but nothing was thrown');
}
