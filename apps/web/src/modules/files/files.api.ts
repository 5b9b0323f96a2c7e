import type { FileRef, Locale } from '@lingyan/shared';
import { ApiError, NETWORK_ERROR, buildHeaders, buildUrl } from '../../app/api-client.ts';

/** Where a file is shown or downloaded (the server checks who may see it). */
export const fileUrl = (id: string) => buildUrl(`/files/${encodeURIComponent(id)}`);

function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) return new ApiError(status, body.error.code, body.error.message ?? '', body.error.details);
  } catch {
    // not JSON
  }
  return new ApiError(status, `HTTP_${status}`, text.slice(0, 200));
}

/** Uploads one photo or PDF (POST /files); XMLHttpRequest for the progress on a slow line. */
export function uploadFile(
  file: Blob & { name: string },
  context: { csrfToken: string | null; locale: Locale },
  onProgress?: (percent: number) => void,
): Promise<FileRef> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl('/files'));
    for (const [name, value] of Object.entries(buildHeaders('POST', false, context.locale, context.csrfToken))) xhr.setRequestHeader(name, value);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as FileRef);
        } catch {
          reject(new ApiError(xhr.status, 'HTTP_INVALID', 'invalid answer'));
        }
      } else reject(errorOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'network error'));
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}
