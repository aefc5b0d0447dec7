import { type ParseArgsConfig, parseArgs } from 'node:util';
import { errorText } from '../../shared/error-text';
import type { CliIO } from './io';

/**
 * A command's arguments parsed strictly (unknown options are errors), or null after printing what was wrong
 * followed by the command's usage: every command answers a bad command line the same way, with exit code 2.
 */
export function parseOptions<T extends ParseArgsConfig>(
  config: T,
  usage: string,
  io: CliIO,
): ReturnType<typeof parseArgs<T>> | null {
  try {
    // parseArgs is strict unless told otherwise: an unknown option or a missing value throws.
    return parseArgs(config);
  } catch (error) {
    io.stderr(`${errorText(error)}\n\n${usage}`);
    return null;
  }
}
