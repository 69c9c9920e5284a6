import { API_BASE, ApiError, api, apiRequest } from './client';
import type { Locale } from './types';

// Shapes of the import and export API (src/modules/imports/routes.ts), kept by hand like types.ts.

export type ImportKind = 'customers' | 'orders';
export type ImportMode = 'create-only' | 'update-existing' | 'create-or-update';
export type MergePolicy = 'fill-empty' | 'overwrite';
export type SourceEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type ImportStatus = 'pending' | 'running' | 'done' | 'failed' | 'rolled_back';

export const CUSTOMER_TARGETS = [
  'name', 'phone', 'email', 'birthday', 'gender', 'company', 'title', 'address', 'note', 'groups',
  'tags', 'wechat', 'qq', 'region', 'owner', 'source', 'stage', 'intent', 'externalId',
] as const;
export const ORDER_TARGETS = [
  'customerPhone', 'customerEmail', 'customerExternalId', 'orderExternalId', 'orderedAt', 'amount', 'cost', 'quantity', 'unitPrice', 'description', 'channel',
] as const;

export type ColumnMapping = { column: number; header: string; target: string }[];

export type UploadedFile = { id: string; fileName: string; size: number; sha256: string };

export type ImportOptions = {
  mode?: ImportMode;
  mergePolicy?: MergePolicy;
  allOrNothing?: boolean;
  mapping?: ColumnMapping;
  encoding?: SourceEncoding;
  sheet?: string;
  createCustomers?: boolean;
};

export type RowError = { line: number; column?: string; value?: string; code: string; message: Record<string, string> };
export type PreviewRow = { line: number; record?: Record<string, unknown>; errors: RowError[] };
export type ImportPreview = {
  format: string;
  encoding?: SourceEncoding;
  sheets?: string[];
  sheet?: string;
  headers: string[];
  mapping: ColumnMapping;
  rows: PreviewRow[];
};

export type ImportCounts = { created: number; updated: number; unchanged: number; rejected: number };
export type ImportJob = {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileId: string | null;
  status: ImportStatus;
  options: ImportOptions & { mode: ImportMode; mergePolicy: MergePolicy; allOrNothing: boolean };
  rowsDone: number;
  rowsTotal: number | null;
  counts: ImportCounts;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  error: { code?: string; message?: Record<string, string> } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type ReportItem = {
  seq: number;
  kind: 'rejected' | 'duplicate';
  line: number;
  column: string | null;
  value: string | null;
  code: string;
  message: Record<string, string>;
  matched: { id: string; name: string | null } | null;
};
export type ReportPage = { items: ReportItem[]; nextAfter: number | null };

export type ImportPreset = { id: string; kind: ImportKind; name: string; mapping: ColumnMapping; options: { mode?: ImportMode; mergePolicy?: MergePolicy }; updatedAt: string };

/**
 * Uploads a file as a raw body (the server streams it into the database). XMLHttpRequest
 * rather than fetch: only it reports upload progress.
 */
export function uploadImportFile(file: File, locale: Locale, onProgress: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/imports/files?fileName=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', locale);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      if (xhr.status === 201) return resolve(json as UploadedFile);
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      reject(new ApiError(xhr.status, error?.code ?? `http_${xhr.status}`, error?.message ?? xhr.statusText, error?.details ?? null));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network error', null));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

export function previewImport(input: { kind: ImportKind; fileId: string; options?: ImportOptions; limit?: number }): Promise<ImportPreview> {
  return api.post<ImportPreview>('/imports/preview', input);
}

export function startImport(input: { kind: ImportKind; fileId: string; options: ImportOptions; dryRun: boolean }): Promise<ImportJob> {
  return api.post<ImportJob>('/imports', input);
}

export function fetchImportJob(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return api.get<ImportJob>(`/imports/${encodeURIComponent(id)}`, { signal });
}

export async function fetchImportJobs(signal?: AbortSignal): Promise<ImportJob[]> {
  return (await api.get<{ items: ImportJob[] }>('/imports', { signal })).items;
}

export function resumeImport(id: string): Promise<ImportJob> {
  return api.post<ImportJob>(`/imports/${encodeURIComponent(id)}/resume`);
}

export function fetchImportReport(id: string, query: { kind?: 'rejected' | 'duplicate'; after?: number; limit?: number }, signal?: AbortSignal): Promise<ReportPage> {
  return api.get<ReportPage>(`/imports/${encodeURIComponent(id)}/rows`, { query, signal });
}

export async function fetchImportPresets(kind: ImportKind, signal?: AbortSignal): Promise<ImportPreset[]> {
  return (await api.get<{ items: ImportPreset[] }>('/import-presets', { query: { kind }, signal })).items;
}

export function saveImportPreset(input: { kind: ImportKind; name: string; mapping: ColumnMapping; options?: { mode?: ImportMode; mergePolicy?: MergePolicy } }): Promise<ImportPreset> {
  return apiRequest<ImportPreset>('PUT', '/import-presets', { body: input });
}

export function deleteImportPreset(id: string): Promise<void> {
  return api.delete(`/import-presets/${encodeURIComponent(id)}`);
}

/** Plain links: the browser sends the session cookie, streams to disk and names the file from Content-Disposition. */
export function importReportUrl(id: string): string {
  return `${API_BASE}/imports/${encodeURIComponent(id)}/report.csv`;
}

type ExportQuery = Record<string, string | string[] | undefined | null>;
export function exportUrl(what: 'customers' | 'orders', format: 'csv' | 'xlsx' | 'vcf', query: ExportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, value);
  }
  const qs = params.toString();
  return `${API_BASE}/exports/${what}.${format}${qs ? `?${qs}` : ''}`;
}
