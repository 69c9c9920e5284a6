import { Card, Col, Descriptions, Flex, Row, Typography, theme } from 'antd';
import type { C3Report, C3Segment } from '../../api/analytics';
import { AnalysisEmpty, AnalysisPage, AsOfPicker, QueryGate } from '../../components/analytics/AnalysisPage';
import { num, pct } from '../../components/analytics/format';
import { useAsOf } from '../../components/analytics/useAsOf';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey, Translate } from '../../i18n/messages';
import { useC3 } from '../../queries/analytics';

const ATTITUDES = ['positive', 'negative'] as const;
const BEHAVIOURS = ['loyal', 'disloyal'] as const;
const VALUES = ['high', 'low'] as const;

/** C3: attitude × behaviour × value, eight kinds of customer, each with its strategy. */
export function C3Page() {
  const { t } = useI18n();
  const [asOf, setAsOf] = useAsOf();
  const query = useC3(asOf);
  return (
    <AnalysisPage title={t('an.c3.title')} intro={t('an.c3.intro')} extra={<AsOfPicker value={asOf} onChange={setAsOf} />} testId="c3-page">
      <QueryGate
        query={query}
        isEmpty={(d) => d.segments.every((s) => s.customers === 0)}
        empty={<AnalysisEmpty title={t('an.empty.noOrders')} hint={t('an.empty.noOrdersHint')} />}
      >
        {(data) => <C3Matrix data={data} />}
      </QueryGate>
    </AnalysisPage>
  );
}

function C3Matrix({ data }: { data: C3Report }) {
  const { t } = useI18n();
  const total = data.buyers;
  const find = (value: string, attitude: string, behaviour: string) =>
    data.segments.find((s) => s.value === value && s.attitude === attitude && s.behaviour === behaviour);
  return (
    <>
      <Row gutter={[16, 16]}>
        {VALUES.map((value) => (
          <Col key={value} xs={24} xl={12}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t(`an.c3.${value}`)}
            </Typography.Title>
            {/* Rows: attitude; columns: behaviour. The header cells name them on every screen size. */}
            <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr 1fr', gap: 8 }}>
              <span />
              {BEHAVIOURS.map((b) => (
                <Typography.Text key={b} type="secondary" style={{ textAlign: 'center' }}>
                  {t(`an.c3.${b}`)}
                </Typography.Text>
              ))}
              {ATTITUDES.map((a) => (
                <Cells key={a} attitude={a} cells={BEHAVIOURS.map((b) => find(value, a, b))} total={total} />
              ))}
            </div>
          </Col>
        ))}
      </Row>
      {Object.keys(data.thresholds).length > 0 && (
        <Descriptions size="small" title={t('an.c3.thresholds')} column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 24 }}>
          {Object.entries(data.thresholds).map(([k, v]) => (
            <Descriptions.Item key={k} label={t(`an.c3.th.${k}` as MessageKey) || k}>
              {thresholdText(t, k, v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </>
  );
}

function thresholdText(t: Translate, key: string, value: string | number): string {
  if (value === 'positive' || value === 'negative') return t(`an.c3.${value}`);
  if (key === 'maxDecline' || key === 'valueTopShare') return pct(Number(value), 0);
  return String(value);
}

function Cells({ attitude, cells, total }: { attitude: (typeof ATTITUDES)[number]; cells: (C3Segment | undefined)[]; total: number }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Text type="secondary" style={{ writingMode: 'vertical-rl', alignSelf: 'center' }}>
        {t(`an.c3.${attitude}`)}
      </Typography.Text>
      {cells.map((segment, i) => (segment ? <SegmentCell key={segment.code} segment={segment} total={total} /> : <Card key={i} size="small" />))}
    </>
  );
}

function SegmentCell({ segment, total }: { segment: C3Segment; total: number }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  // The share of customers tints the cell, so the crowded kinds stand out at a glance.
  const share = total > 0 ? segment.customers / total : 0;
  return (
    <Card
      size="small"
      data-testid={`c3-${segment.code}`}
      style={{ background: `color-mix(in srgb, ${token.colorPrimary} ${Math.round(4 + share * 40)}%, ${token.colorBgContainer})`, height: '100%' }}
    >
      <Flex vertical gap={2}>
        <Typography.Text strong>{segment.label}</Typography.Text>
        <Flex align="baseline" gap={8} wrap>
          <Typography.Text style={{ fontSize: 22 }} data-testid="c3-count">
            {num(segment.customers)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('an.c3.revenueShare', { pct: pct(segment.revenueShare) })} · {t('an.c3.surveyed', { n: segment.surveyed })}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {segment.strategy}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
