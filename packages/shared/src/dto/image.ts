/** An image as Phedds shows it: our shape, not the engine's JSON. */
export interface ImageView {
  /** `sha256:` followed by 64 hex characters. */
  id: string;
  /** `repo:tag` references, sorted; empty for a dangling image. */
  tags: string[];
  /** `repo@sha256:…` references, sorted. */
  digests: string[];
  /** Epoch milliseconds. */
  createdAt: number;
  /** Bytes. */
  size: number;
  labels: Record<string, string>;
}

/** A short name for an image: its first tag, else `sha256:` and 12 hex characters. */
export function imageLabel(image: Pick<ImageView, 'id' | 'tags'>): string {
  return image.tags[0] ?? image.id.slice(0, 19);
}
