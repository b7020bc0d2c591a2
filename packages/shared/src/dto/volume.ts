import type { ComposeRef } from './container.ts';

/** A container that mounts a volume. */
export interface VolumeUse {
  /** Container id. */
  container: string;
  /** Path inside the container. */
  destination: string;
  readOnly: boolean;
}

/** A volume as Phedds shows it: our shape, not the engine's JSON. */
export interface VolumeView {
  /** The volume's name, its key on the engine (64 hex characters for an anonymous volume). */
  name: string;
  /** `local` or a plugin's name. */
  driver: string;
  scope: string;
  /** Where the data lives on the engine's host. */
  mountpoint: string;
  /** Epoch milliseconds; 0 when the engine does not say. */
  createdAt: number;
  labels: Record<string, string>;
  /** Made by `-v /path` without a name: the engine named it with 64 hex characters. */
  anonymous: boolean;
  /** Compose project, from the labels `docker compose` writes (`service` is the volume's key in the file). */
  compose?: ComposeRef;
  /**
   * Containers that mount it, running or not, sorted by container id. The engine's volume list does
   * not say this; it comes from the containers' own mounts.
   */
  usedBy: VolumeUse[];
}

/** The engine's names for anonymous volumes. */
export function isAnonymousVolumeName(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}
