import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Col, Flex, Grid, Result, Row } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { getCustomer } from '../../api/customers';
import { PageSpinner } from '../../components/PageSpinner';
import { CustomerScoresCard } from '../../components/analytics/CustomerScoresCard';
import { CustomerFormDrawer } from '../../components/customer-form/CustomerFormDrawer';
import { CustomerMessagesCard } from '../../components/messaging/CustomerMessagesCard';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { queryKeys } from '../../queries/keys';
import { CustomerHeader } from './CustomerHeader';
import { CustomFieldsCard } from './CustomFieldsCard';
import { GroupsTagsCard } from './GroupsTagsCard';
import { InvestmentsCard } from './InvestmentsCard';
import { OrdersCard } from './OrdersCard';
import { ProfileCard } from './ProfileCard';
import { StageCard } from './StageCard';
import { TimelineCard } from './TimelineCard';

export function CustomerPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().lg ?? true;
  const [editing, setEditing] = useState(false);
  const customer = useQuery({
    queryKey: queryKeys.customer(id),
    queryFn: ({ signal }) => getCustomer(id, signal),
    enabled: id !== '',
  });

  if (customer.isPending) return <PageSpinner />;
  if (customer.isError) {
    const missing = customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.status === 403);
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('customer.notFound') : t('error.generic')}
        subTitle={missing ? undefined : errorMessage(customer.error, t)}
        extra={
          <Button type="primary" onClick={() => navigate('/customers')}>
            {t('customer.backToList')}
          </Button>
        }
      />
    );
  }

  const c = customer.data;
  const profile = <ProfileCard key="profile" customer={c} />;
  const stage = <StageCard key="stage" customer={c} />;
  const groupsTags = <GroupsTagsCard key="groups" customer={c} />;
  const customFields = <CustomFieldsCard key="custom" values={c.customFields} />;
  const timeline = <TimelineCard key="timeline" customerId={c.id} />;
  const orders = <OrdersCard key="orders" customerId={c.id} />;
  const investments = <InvestmentsCard key="investments" customerId={c.id} />;
  const messages = <CustomerMessagesCard key="messages" customerId={c.id} />;
  const scores = <CustomerScoresCard key="scores" customerId={c.id} />;

  return (
    <>
      <CustomerHeader customer={c} onEdit={() => setEditing(true)} />
      {wide ? (
        <Row gutter={[16, 16]}>
          <Col lg={9} xxl={8}>
            <Flex vertical gap={16}>
              {[profile, stage, scores, groupsTags, customFields]}
            </Flex>
          </Col>
          <Col lg={15} xxl={16}>
            <Flex vertical gap={16}>
              {[timeline, messages, orders, investments]}
            </Flex>
          </Col>
        </Row>
      ) : (
        // On a phone one column; the timeline comes right after the contact details
        // because adding a note after a call is what a salesperson does most here.
        <Flex vertical gap={12}>
          {[profile, timeline, stage, scores, groupsTags, messages, orders, investments, customFields]}
        </Flex>
      )}
      <CustomerFormDrawer customer={c} open={editing} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </>
  );
}
