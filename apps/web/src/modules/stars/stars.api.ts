import type {
  CommunityStars,
  DepartmentList,
  DepartmentView,
  StarBoard,
  StarCatalogContent,
  StarCatalogList,
  StarCatalogView,
  StarCommunityRow,
  StarHonours,
  StarRulesUpdate,
  StarRulesView,
  StarStandingView,
} from '@lingyan/shared';
import { api, buildUrl } from '../../app/api-client.ts';

export const getStarBoard = (signal?: AbortSignal) => api<StarBoard>('/public/star-board', { signal });
export const listStarCommunities = (signal?: AbortSignal) => api<{ items: StarCommunityRow[] }>('/stars/communities', { signal });
export const getCommunityStars = (id: string, signal?: AbortSignal) => api<CommunityStars>(`/communities/${id}/stars`, { signal });
export const certificateUrl = (id: string) => buildUrl(`/communities/${id}/stars/certificate.pdf`);
export const previewStars = (stars: string[]) => api<StarStandingView>('/stars/preview', { method: 'POST', body: { stars } });

export const getStarRules = (signal?: AbortSignal) => api<StarRulesView>('/stars/rules', { signal });
export const saveStarRules = (body: StarRulesUpdate) => api<StarRulesView>('/stars/rules', { method: 'PUT', body });

export const listCatalogs = (signal?: AbortSignal) => api<StarCatalogList>('/star-catalogs', { signal });
export const getCatalog = (year: number, signal?: AbortSignal) => api<StarCatalogView>(`/star-catalogs/${year}`, { signal });
export const createCatalog = (year: number) => api<StarCatalogView>('/star-catalogs', { method: 'POST', body: { year } });
export const saveCatalog = (year: number, content: StarCatalogContent) => api<StarCatalogView>(`/star-catalogs/${year}`, { method: 'PUT', body: { content } });

export const listDepartments = (signal?: AbortSignal) => api<DepartmentList>('/departments', { signal });
export const createDepartment = (body: { code: string; name: string }) => api<DepartmentView>('/departments', { method: 'POST', body });
export const setDepartmentMembers = (id: string, userIds: string[]) => api<DepartmentView>(`/departments/${id}/members`, { method: 'PUT', body: { userIds } });

export const getHonours = (cycleId: string, signal?: AbortSignal) => api<StarHonours>(`/star-cycles/${cycleId}/honours`, { signal });
export const assessmentUrl = (cycleId: string) => buildUrl(`/star-cycles/${cycleId}/assessment.xlsx`);
