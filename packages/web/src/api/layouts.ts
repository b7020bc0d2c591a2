import type { LayoutsView, LayoutSaveRequest } from '@phedds/shared';
import { request } from './http.ts';

const path = (name: string): string => `/api/layouts/${encodeURIComponent(name)}`;

/** The signed-in user's layouts (see docs/api.md). */
export const layoutsApi = {
  list: (): Promise<LayoutsView> => request<LayoutsView>('GET', '/api/layouts'),
  save: (name: string, body: LayoutSaveRequest): Promise<LayoutsView> => request<LayoutsView>('PUT', path(name), body),
  remove: (name: string): Promise<LayoutsView> => request<LayoutsView>('DELETE', path(name)),
};
