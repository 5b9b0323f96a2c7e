import type { Import, ImportSummary, Locale } from '@lingyan/shared';
import { api, ApiError, buildHeaders, buildUrl, NETWORK_ERROR } from '../../app/api-client.ts';

export const TEMPLATE_URL = buildUrl('/imports/residents/template.xlsx');
export const ACCEPTED_EXTENSIONS = ['.xlsx', '.csv'];

export function getImport(id: string, signal?: AbortSignal): Promise<Import> {
  return api<Import>(`/imports/${encodeURIComponent(id)}`, { signal });
}

/** The caller's recent imports, newest first. */
export function listImports(signal?: AbortSignal): Promise<{ items: ImportSummary[] }> {
  return api<{ items: ImportSummary[] }>('/imports', { signal });
}

export function commitImport(id: string): Promise<Import> {
  return api<Import>(`/imports/${encodeURIComponent(id)}/commit`, { method: 'POST' });
}

function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (body.error && typeof body.error.code === 'string') {
      return new ApiError(status, body.error.code, typeof body.error.message === 'string' ? body.error.message : body.error.code, body.error.details);
    }
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return new ApiError(status, `HTTP_${status}`, text.slice(0, 200));
}

/**
 * Sends a resident file (multipart, field `file`) and reports the upload's progress (0–100);
 * resolves with the new import's id. XMLHttpRequest rather than fetch: fetch cannot report
 * upload progress, and a file of a whole community takes a while on a township's line.
 */
export function uploadResidents(
  file: File,
  context: { csrfToken: string | null; locale: Locale },
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl('/imports/residents'));
    for (const [name, value] of Object.entries(buildHeaders('POST', false, context.locale, context.csrfToken))) xhr.setRequestHeader(name, value);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as { id: string });
        } catch {
          reject(new ApiError(xhr.status, 'HTTP_INVALID', 'invalid answer'));
        }
      } else reject(errorOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}
