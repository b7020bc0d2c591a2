import type { ImageView } from '@phedds/shared';
import { engineTime } from './container-mapper.ts';

/** One image as `GET /images/json` lists it. */
export interface EngineImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** Epoch seconds. */
  Created?: number;
  Size?: number;
  Labels?: Record<string, string> | null;
}

/** The subset of `GET /images/{id}/json` that Phedds reads. */
export interface EngineImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** RFC 3339. */
  Created?: string;
  Size?: number;
  Config?: { Labels?: Record<string, string> | null } | null;
}

/** The engine lists a dangling image as `<none>:<none>`: that is no tag. */
function realRefs(refs: string[] | null | undefined): string[] {
  return (refs ?? []).filter((r) => !r.startsWith('<none>')).sort();
}

export function imageFromSummary(i: EngineImageSummary): ImageView {
  return {
    id: i.Id,
    tags: realRefs(i.RepoTags),
    digests: realRefs(i.RepoDigests),
    createdAt: (i.Created ?? 0) * 1000,
    size: i.Size ?? 0,
    labels: i.Labels ?? {},
  };
}

export function imageFromInspect(i: EngineImageInspect): ImageView {
  return {
    id: i.Id,
    tags: realRefs(i.RepoTags),
    digests: realRefs(i.RepoDigests),
    // The list says whole seconds; keep the same precision so a list and an inspect of an unchanged image agree.
    createdAt: Math.floor((engineTime(i.Created) ?? 0) / 1000) * 1000,
    size: i.Size ?? 0,
    labels: i.Config?.Labels ?? {},
  };
}
