import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Descriptions, Divider, Flex, Skeleton, Tag, Tooltip, Typography, theme } from 'antd';
import { Link } from 'react-router';
import type { CustomerPurchaseSummary, CustomerScores } from '../../api/analytics';
import { useI18n } from '../../i18n/I18nProvider';
import { isNotComputed } from './AnalysisPage';
import { money, num, pct } from './format';
import { RiskTag } from './labels';
import { RiskSparkline } from './RiskSparkline';
import { useCustomerPurchaseSummary, useCustomerScores, useRiskHistory } from '../../queries/analytics';

/** The customer page's value and risk card: the latest scores with their reasons, and the purchase summary. */
export function CustomerScoresCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const scores = useCustomerScores(customerId);
  const summary = useCustomerPurchaseSummary(customerId);
  return (
    <Card size="small" title={t('an.scores.title')} data-testid="customer-scores">
      {scores.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : scores.isSuccess ? (
        <ScoresBlock customerId={customerId} scores={scores.data} />
      ) : (
        <Typography.Text type="secondary" data-testid="scores-empty">
          {isNotComputed(scores.error) ? t('an.scores.notScored') : t('an.loadFailed')}
        </Typography.Text>
      )}
      <Divider style={{ margin: '12px 0' }} titlePlacement="start" plain>
        {t('an.summary.title')}
      </Divider>
      {summary.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : summary.isSuccess ? (
        <SummaryBlock summary={summary.data} />
      ) : (
        <Typography.Text type="secondary" data-testid="summary-empty">
          {isNotComputed(summary.error) ? t('an.summary.none') : t('an.loadFailed')}
        </Typography.Text>
      )}
    </Card>
  );
}

function ScoresBlock({ customerId, scores }: { customerId: string; scores: CustomerScores }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const history = useRiskHistory(customerId);
  const change = scores.pAliveChange;
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 1 }} colon={false}>
        <Descriptions.Item label={t('an.scores.segment')}>
          <Link to={`/customers?rfmSegment=${scores.rfm.segment}`} data-testid="scores-segment">
            {scores.rfm.label}
          </Link>
          <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontSize: 12 }}>
            R{scores.rfm.r} F{scores.rfm.f} M{scores.rfm.m}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('an.scores.tier')}>
          <span data-testid="scores-tier">{t(`an.tier.${scores.valueTier}`)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('an.scores.pAlive')}>
          <span data-testid="scores-palive">{pct(scores.pAlive, 0)}</span>
          {change !== null && Math.abs(change) >= 0.005 && (
            <Typography.Text style={{ fontSize: 12, marginInlineStart: 4, color: change < 0 ? token.colorError : token.colorSuccess }}>
              {change < 0 ? <ArrowDownOutlined /> : <ArrowUpOutlined />}
              {pct(Math.abs(change), 0)}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('an.scores.clv')}>
          <Tooltip title={t('an.scores.clvHelp', { n: num(scores.expectedPurchases90d, 2), aov: money(scores.expectedAverageOrderValue) })}>
            <span data-testid="scores-clv">{money(scores.clv)}</span>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('an.scores.risk')}>
          <RiskTag level={scores.riskLevel} score={scores.riskScore} t={t} />
        </Descriptions.Item>
        {/* A trend needs two runs; one point would only repeat the risk above. */}
        {history.data && history.data.items.length > 1 && (
          <Descriptions.Item label={t('an.scores.history')}>
            <RiskSparkline items={history.data.items} label={t('an.scores.history')} />
          </Descriptions.Item>
        )}
      </Descriptions>
      {scores.reasons.length > 0 && (
        <Flex gap={4} wrap style={{ marginTop: 4 }} data-testid="scores-reasons">
          {scores.reasons.map((r) => (
            <Tooltip key={r.code} title={r.detail}>
              <Tag color="volcano">{r.label}</Tag>
            </Tooltip>
          ))}
        </Flex>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
        {t('an.scores.asOf', { asOf: scores.asOf })}
      </Typography.Text>
    </>
  );
}

function SummaryBlock({ summary }: { summary: CustomerPurchaseSummary }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 1 }} colon={false} data-testid="purchase-summary">
      <Descriptions.Item label={t('an.summary.orders')}>
        <span data-testid="summary-orders">{num(summary.orders)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('an.revenue')}>
        <span data-testid="summary-revenue">{money(summary.revenue, true)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('an.summary.margin')}>{money(summary.margin, true)}</Descriptions.Item>
      <Descriptions.Item label={t('an.summary.aov')}>{money(summary.averageOrderValue, true)}</Descriptions.Item>
      <Descriptions.Item label={t('an.summary.costToServe')}>{money(summary.costToServe, true)}</Descriptions.Item>
      <Descriptions.Item label={t('an.summary.frequency')}>{num(summary.frequency)}</Descriptions.Item>
      <Descriptions.Item label={t('an.summary.firstLast')}>
        {summary.firstDay} / {summary.lastDay}
      </Descriptions.Item>
      <Descriptions.Item label={t('an.summary.daysSinceLast')}>{t('an.summary.days', { n: summary.daysSinceLast })}</Descriptions.Item>
    </Descriptions>
  );
}
