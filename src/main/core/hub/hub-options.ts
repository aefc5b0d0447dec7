import type { HubEvent } from '../../../shared/hub-api';
import type { HubHost } from '../channel/channel-file';
import type { CheckedJobs } from '../jobs/checked-jobs';

/** What a host (the app, the daemon, a test) decides about its hub. */
export interface HubOptions {
  /** The data directory: jobs/, logs/, state/ and settings.json live here. */
  dataDir: string;
  /** Environment jobs inherit (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** SIGTERM → SIGKILL grace when stopping a job's tree (default 5 s). */
  killGraceMs?: number;
  /** Rescan period of file triggers and the jobs folder (the backstop for events the OS dropped). */
  rescanEveryMs?: number;
  /** How often the hub records that it is alive, for missed-run detection (default 60 s). */
  heartbeatEveryMs?: number;
  /** How often writes a full or read-only disk refused are tried again (default 10 s). */
  storageRetryMs?: number;
  /** Subscribed before the hub starts, so a host also sees what happens while it opens (recovered runs). */
  onEvent?: (event: HubEvent) => void;
  /** Who hosts the hub: named in the channel file and in messages to other commands. Default 'daemon'. */
  host?: HubHost;
  /** Listen on the data folder's local channel (default true), so commands can hand runs to this hub. */
  channel?: boolean;
  /**
   * 'full' (default): the library is watched, triggers armed, missed runs caught up. 'runs': only runs handed to
   * it (an `automation-hub run` owning the folder while no app or daemon does): nothing runs by itself.
   */
  mode?: 'full' | 'runs';
  /** Job files already found valid (the command line's cache): a run of one such file does not judge it again. */
  checkedJobs?: CheckedJobs | null;
  /** A client asked the hub to quit (an installer, a second app instance). Default: the hub closes. */
  onQuitRequest?: () => void;
}
