import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';

/** wide: a long value (a range) takes the whole row on a phone. */
export type Tile = { key: string; title: string; value: ReactNode; help?: string; color?: string; wide?: boolean };

/** A row of headline figures; two per row on a phone, up to six on a laptop. */
export function StatTiles({ tiles }: { tiles: Tile[] }) {
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {tiles.map((tile) => (
        <Col key={tile.key} xs={tile.wide ? 24 : 12} md={8} xl={Math.max(4, Math.floor(24 / tiles.length))}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={
                <span>
                  {tile.title}
                  {tile.help && (
                    <Tooltip title={tile.help}>
                      <QuestionCircleOutlined style={{ marginInlineStart: 4 }} />
                    </Tooltip>
                  )}
                </span>
              }
              valueRender={() => (
                <span data-testid={`stat-${tile.key}`} style={{ color: tile.color }}>
                  {tile.value}
                </span>
              )}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
