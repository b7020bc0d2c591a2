import { isAnonymousVolumeName, type VolumeUse, type VolumeView } from '@phedds/shared';
import { composeRef, engineTime } from './container-mapper.ts';

/** One volume as `GET /volumes` lists it and `GET /volumes/{name}` answers (the same shape). */
export interface EngineVolume {
  Name: string;
  Driver?: string;
  Scope?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
}

/** Maps an engine volume to our view; `usedBy` comes from the containers' mounts (the volume does not say). */
export function toVolumeView(v: EngineVolume, usedBy: VolumeUse[] = []): VolumeView {
  const labels = v.Labels ?? {};
  const view: VolumeView = {
    name: v.Name,
    driver: v.Driver ?? 'local',
    scope: v.Scope ?? 'local',
    mountpoint: v.Mountpoint ?? '',
    createdAt: engineTime(v.CreatedAt) ?? 0,
    labels,
    anonymous: isAnonymousVolumeName(v.Name),
    usedBy,
  };
  const compose = composeRef(labels);
  if (compose) {
    const key = labels['com.docker.compose.volume'];
    view.compose = key ? { project: compose.project, service: key } : { project: compose.project };
  }
  return view;
}
