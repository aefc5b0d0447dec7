import { version } from '../../../package.json' with { type: 'json' };

/**
 * The hub's version: the package's own. In core, not the command line, because core writes it into every run's
 * log header whichever host (the app, a daemon, `automation-hub run`) runs the job; `--version` prints it too.
 */
export const HUB_VERSION: string = version;
