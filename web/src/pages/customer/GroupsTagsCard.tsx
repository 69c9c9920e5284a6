import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Flex, Select, Space, Typography } from 'antd';
import type { Customer } from '../../api/types';
import { GroupChip, TagChip } from '../../components/Chips';
import { useI18n } from '../../i18n/I18nProvider';
import { useGroups, useTags } from '../../queries/reference';
import { useUpdateCustomer } from './useUpdateCustomer';

/** Add or remove groups and tags in place; each change is one PATCH of the whole list. */
export function GroupsTagsCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const update = useUpdateCustomer(customer.id);
  const groups = useGroups();
  const tags = useTags();
  const [newTag, setNewTag] = useState('');

  const groupIds = customer.groups.map((g) => g.id);
  const addableGroups = (groups.data ?? []).filter((g) => !groupIds.includes(g.id));
  const tagOptions = (tags.data ?? [])
    .filter((tg) => !customer.tags.includes(tg.tag) && tg.tag.includes(newTag.trim()))
    .slice(0, 20)
    .map((tg) => ({ value: tg.tag }));

  const addTag = (raw: string) => {
    const tag = raw.trim();
    // Enter on a highlighted suggestion fires both select and keydown; one PATCH is enough.
    if (update.isPending) return;
    if (!tag || customer.tags.includes(tag)) return setNewTag('');
    update.mutate({ tags: [...customer.tags, tag] }, { onSuccess: () => setNewTag('') });
  };

  return (
    <Card title={t('customer.groupsTags')} size="small">
      <Typography.Text type="secondary">{t('field.groups')}</Typography.Text>
      <Flex wrap gap={4} style={{ margin: '6px 0 8px' }}>
        {customer.groups.length === 0 && <Typography.Text type="secondary">{t('customer.noGroups')}</Typography.Text>}
        {customer.groups.map((g) => (
          <GroupChip key={g.id} group={g} onClose={() => update.mutate({ groupIds: groupIds.filter((id) => id !== g.id) })} />
        ))}
      </Flex>
      <Select
        style={{ width: '100%', marginBottom: 16 }}
        placeholder={t('customer.addGroup')}
        aria-label={t('customer.addGroup')}
        value={null}
        disabled={update.isPending}
        showSearch={{ optionFilterProp: 'label' }}
        options={addableGroups.map((g) => ({ value: g.id, label: g.name }))}
        onChange={(id: string | null) => id && update.mutate({ groupIds: [...groupIds, id] })}
      />

      <Typography.Text type="secondary">{t('field.tags')}</Typography.Text>
      <Flex wrap gap={4} style={{ margin: '6px 0 8px' }}>
        {customer.tags.length === 0 && <Typography.Text type="secondary">{t('customer.noTags')}</Typography.Text>}
        {customer.tags.map((tag) => (
          <TagChip key={tag} tag={tag} onClose={() => update.mutate({ tags: customer.tags.filter((x) => x !== tag) })} />
        ))}
      </Flex>
      <Space.Compact style={{ width: '100%' }}>
        <AutoComplete
          style={{ flex: 1 }}
          placeholder={t('customer.addTag')}
          aria-label={t('customer.addTag')}
          value={newTag}
          options={tagOptions}
          onChange={(v: string) => setNewTag(v)}
          onSelect={(v: string) => addTag(v)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') addTag(newTag);
          }}
        />
        <Button icon={<PlusOutlined />} loading={update.isPending} onClick={() => addTag(newTag)} aria-label={t('customer.addTag')} />
      </Space.Compact>
    </Card>
  );
}
