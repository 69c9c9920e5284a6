import { Flex, Tag } from 'antd';
import type { GroupRef } from '../api/types';

/** Group chips use the group's own colour; tags stay neutral so the two read differently. */
export function GroupChip({ group, onClose }: { group: GroupRef; onClose?: () => void }) {
  return (
    <Tag
      color={group.color ?? 'blue'}
      closable={Boolean(onClose)}
      onClose={(e) => {
        e.preventDefault();
        onClose?.();
      }}
      style={{ marginInlineEnd: 0 }}
    >
      {group.name}
    </Tag>
  );
}

export function TagChip({ tag, onClose }: { tag: string; onClose?: () => void }) {
  return (
    <Tag
      variant="filled"
      closable={Boolean(onClose)}
      onClose={(e) => {
        e.preventDefault();
        onClose?.();
      }}
      style={{ marginInlineEnd: 0 }}
    >
      #{tag}
    </Tag>
  );
}

export function GroupAndTagChips({ groups, tags }: { groups: GroupRef[]; tags: string[] }) {
  if (groups.length === 0 && tags.length === 0) return null;
  return (
    <Flex wrap gap={4}>
      {groups.map((g) => (
        <GroupChip key={g.id} group={g} />
      ))}
      {tags.map((tag) => (
        <TagChip key={tag} tag={tag} />
      ))}
    </Flex>
  );
}
