import { useMemo, useState } from 'react';
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Badge, Button, Flex, Grid, Input, Select } from 'antd';
import { useDebouncedText } from '../../hooks/useDebouncedText';
import { useI18n } from '../../i18n/I18nProvider';
import { useLabels } from '../../queries/labels';
import { useGroups, useTags, useUsers } from '../../queries/reference';
import { ScoreFilters } from '../../components/analytics/ScoreFilters';
import { SORTS, type ListFilters } from './useListFilters';

type Props = {
  filters: ListFilters;
  onChange: (patch: Partial<ListFilters>) => void;
  onClear: () => void;
  isFiltered: boolean;
};

export function CustomerFilters({ filters, onChange, onClear, isFiltered }: Props) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [showMore, setShowMore] = useState(false);
  const search = useDebouncedText(filters.q, (q) => onChange({ q }));
  const region = useDebouncedText(filters.region, (r) => onChange({ region: r }));

  // Six controls must share one row on a laptop (~980px of content), hence the widths.
  const selectWidth = narrow ? '100%' : 150;
  const extraCount = [filters.stage.length, filters.group.length, filters.tag.length, filters.owner, filters.region, filters.valueTier.length, filters.rfmSegment.length, filters.riskLevel.length].filter(Boolean).length;

  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <Flex gap={8}>
        <Input
          data-testid="customer-search"
          aria-label={t('list.searchPlaceholder')}
          placeholder={t('list.searchPlaceholder')}
          prefix={<SearchOutlined />}
          allowClear
          value={search.text}
          onChange={(e) => search.setText(e.target.value)}
          onPressEnter={search.flush}
          style={{ flex: 1, maxWidth: narrow ? undefined : 420 }}
        />
        {isFiltered && !narrow && (
          <Button type="link" onClick={onClear}>
            {t('list.clearFilters')}
          </Button>
        )}
        {narrow && (
          <Badge count={extraCount} size="small">
            <Button icon={<FilterOutlined />} aria-expanded={showMore} onClick={() => setShowMore((v) => !v)}>
              {t('list.filters')}
            </Button>
          </Badge>
        )}
      </Flex>
      {(!narrow || showMore) && (
        <Flex gap={8} wrap vertical={narrow}>
          <StageGroupTagSelects filters={filters} onChange={onChange} width={selectWidth} />
          <OwnerSelect value={filters.owner} onChange={(owner) => onChange({ owner })} width={selectWidth} />
          <RegionInput value={region.text} onChange={region.setText} onCommit={region.flush} width={narrow ? '100%' : 120} />
          <ScoreFilters value={filters} onChange={onChange} width={selectWidth} />
          <Select
            aria-label={t('list.sort')}
            value={filters.sort}
            onChange={(sort) => onChange({ sort })}
            style={{ width: selectWidth }}
            options={SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
          />
          {isFiltered && narrow && (
            <Button type="link" onClick={onClear}>
              {t('list.clearFilters')}
            </Button>
          )}
        </Flex>
      )}
    </Flex>
  );
}

/**
 * In a 150px box antd's "+ 2 ..." says nothing; "阶段 · 2" says what is filtered. Full-width
 * selects on a phone have room to show the chosen values themselves.
 */
function compactTags(label: string, narrow: boolean) {
  return narrow
    ? { maxTagCount: 'responsive' as const }
    : { maxTagCount: 0, maxTagPlaceholder: (omitted: unknown[]) => `${label} · ${omitted.length}` };
}

function StageGroupTagSelects({ filters, onChange, width }: Pick<Props, 'filters' | 'onChange'> & { width: string | number }) {
  const { t } = useI18n();
  const narrow = width === '100%';
  const labels = useLabels();
  const groups = useGroups();
  const tags = useTags();
  return (
    <>
      <Select
        mode="multiple"
        allowClear
        {...compactTags(t('field.stage'), narrow)}
        aria-label={t('field.stage')}
        placeholder={t('field.stage')}
        value={filters.stage}
        onChange={(stage) => onChange({ stage })}
        options={labels.stageOptions}
        style={{ minWidth: width, width }}
      />
      <Select
        mode="multiple"
        allowClear
        {...compactTags(t('field.groups'), narrow)}
        aria-label={t('field.groups')}
        placeholder={t('field.groups')}
        value={filters.group}
        loading={groups.isPending}
        onChange={(group) => onChange({ group })}
        showSearch={{ optionFilterProp: 'label' }}
        options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        style={{ minWidth: width, width }}
      />
      <Select
        mode="multiple"
        allowClear
        {...compactTags(t('field.tags'), narrow)}
        aria-label={t('field.tags')}
        placeholder={t('field.tags')}
        value={filters.tag}
        loading={tags.isPending}
        onChange={(tag) => onChange({ tag })}
        options={(tags.data ?? []).map((tg) => ({ value: tg.tag, label: `${tg.tag} (${tg.count})` }))}
        style={{ minWidth: width, width }}
      />
    </>
  );
}

function OwnerSelect({ value, onChange, width }: { value: string; onChange: (v: string) => void; width: string | number }) {
  const { t } = useI18n();
  const users = useUsers();
  const options = [
    { value: 'me', label: t('list.ownerMe') },
    { value: 'none', label: t('list.ownerNone') },
    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName })),
  ];
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={t('field.owner')}
      placeholder={t('field.owner')}
      value={value || undefined}
      onChange={(v: string | undefined) => onChange(v ?? '')}
      options={options}
      style={{ width }}
    />
  );
}

function RegionInput(props: { value: string; onChange: (v: string) => void; onCommit: () => void; width: string | number }) {
  const { t } = useI18n();
  const users = useUsers();
  // There is no region list endpoint; the regions users are assigned to are a good start.
  const options = useMemo(() => {
    const all = new Set((users.data ?? []).flatMap((u) => u.regions));
    return [...all].sort().map((r) => ({ value: r }));
  }, [users.data]);
  return (
    <AutoComplete
      allowClear
      aria-label={t('field.region')}
      placeholder={t('field.region')}
      value={props.value}
      options={options}
      onChange={(v: string | undefined) => props.onChange(v ?? '')}
      onBlur={props.onCommit}
      style={{ width: props.width }}
    />
  );
}
