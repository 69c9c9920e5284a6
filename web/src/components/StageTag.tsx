import { Tag } from 'antd';
import type { StageKey } from '../api/types';
import { STAGE_COLORS, useLabels } from '../queries/labels';

export function StageTag({ stage }: { stage: StageKey }) {
  const labels = useLabels();
  return (
    <Tag color={STAGE_COLORS[stage] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {labels.stage(stage)}
    </Tag>
  );
}
