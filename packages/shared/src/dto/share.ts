/**
 * Audience share links: an admin shares a read-only live view of chosen panes. Whoever opens the
 * link sees them live with no controls; terminals of the admin who shared are mirrored, no input.
 */
export interface ShareView {
  /** The share's id (that of the read-only API token behind it). */
  id: number;
  label: string;
  /** Pane ids, in the order they are shown. */
  panes: string[];
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface ShareCreateRequest {
  label: string;
  panes: string[];
  /** How long the link works, in hours (at most a week). */
  hours: number;
}

/** `POST /api/shares`: the link, shown once (its token is never shown again). */
export interface ShareCreated {
  share: ShareView;
  /** Path and fragment to open on the console: `/watch#share=…`. */
  link: string;
}

/** What an audience member's page is told about the share it came with. */
export interface AudienceInfo {
  label: string;
  panes: string[];
  expiresAt: number;
}

export const SHARE_MAX_HOURS = 24 * 7;
export const SHARE_MAX_PANES = 6;
