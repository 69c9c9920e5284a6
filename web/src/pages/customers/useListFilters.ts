import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { CustomerListQuery, CustomerSort } from '../../api/types';

export type ListFilters = {
  q: string;
  stage: string[];
  group: string[];
  tag: string[];
  owner: string;
  region: string;
  valueTier: string[];
  rfmSegment: string[];
  riskLevel: string[];
  sort: CustomerSort;
};

export const SORTS: readonly CustomerSort[] = ['-updated', 'updated', 'name', '-name', '-created', 'created'];
const DEFAULT_SORT: CustomerSort = '-updated';
const EMPTY: ListFilters = { q: '', stage: [], group: [], tag: [], owner: '', region: '', valueTier: [], rfmSegment: [], riskLevel: [], sort: DEFAULT_SORT };

function list(params: URLSearchParams, key: string): string[] {
  return (params.get(key) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function parse(params: URLSearchParams): ListFilters {
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    stage: list(params, 'stage'),
    group: list(params, 'group'),
    tag: list(params, 'tag'),
    owner: params.get('owner') ?? '',
    region: params.get('region') ?? '',
    valueTier: list(params, 'valueTier'),
    rfmSegment: list(params, 'rfmSegment'),
    riskLevel: list(params, 'riskLevel'),
    sort: SORTS.find((s) => s === sort) ?? DEFAULT_SORT,
  };
}

/** Same names as the API's query parameters, so a list URL reads like the request it makes. */
function serialize(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  for (const key of ['stage', 'group', 'tag'] as const) {
    if (filters[key].length > 0) params.set(key, filters[key].join(','));
  }
  if (filters.owner) params.set('owner', filters.owner);
  if (filters.region) params.set('region', filters.region);
  for (const key of ['valueTier', 'rfmSegment', 'riskLevel'] as const) {
    if (filters[key].length > 0) params.set(key, filters[key].join(','));
  }
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  return params;
}

export function toListQuery(filters: ListFilters): CustomerListQuery {
  return {
    q: filters.q || undefined,
    stage: filters.stage,
    group: filters.group,
    tag: filters.tag,
    owner: filters.owner || undefined,
    region: filters.region || undefined,
    valueTier: filters.valueTier,
    rfmSegment: filters.rfmSegment,
    riskLevel: filters.riskLevel,
    sort: filters.sort,
  };
}

/** The customer list's filters live in the query string so reload, back and shared links keep them. */
export function useListFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parse(params), [params]);
  const key = serialize(filters).toString();

  const setFilters = useCallback(
    (patch: Partial<ListFilters>) => {
      // replace: typing in the search box should not fill the history with one entry per word.
      setParams((prev) => serialize({ ...parse(prev), ...patch }), { replace: true });
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(serialize(EMPTY), { replace: true }), [setParams]);
  const isFiltered = key !== '' && key !== `sort=${filters.sort}`;

  return { filters, setFilters, clear, key, isFiltered };
}
