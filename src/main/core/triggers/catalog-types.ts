/** Which files a catalog holds. Triggers that agree on all of it share one catalog. */
export interface CatalogSpec {
  key: string;
  folder: string;
  recursive: boolean;
  isWanted(file: string): boolean;
}

/** A file trigger, as a catalog sees it: how it wants the folder watched, and what it is told. */
export interface CatalogSubscriber {
  readonly stableMs: number;
  readonly polling: boolean;
  readonly pollIntervalMs: number;
  /** A file arrived: its entry (with `seq`) is on disk. */
  onArrival(seq: number, name: string): void;
  /** A file settled without arriving (a touch, a first-look file proved stable) or was forgotten. */
  onSettled(name: string): void;
  onProblem(message: string): void;
}

export interface CatalogTiming {
  /** Full rescan period, the backstop for events the OS dropped. */
  rescanEveryMs: number;
  /** How often a missing or unreadable folder is looked for again. */
  missingCheckMs: number;
}
