import { version } from '../../../package.json' with { type: 'json' };

/** The version the command line reports (`--version`) and writes into logs: the package's own. */
export const HUB_VERSION: string = version;
