import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Flex, Form, InputNumber, Row, Typography } from 'antd';
import { AnalysisPage, QueryGate } from '../../components/analytics/AnalysisPage';
import { useModalFormErrors } from '../../components/FormModal';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { formatDateTime } from '../../lib/dates';
import { useCurrentUser } from '../../queries/reference';
import {
  saveScoringSettings,
  SCORING_FIELDS,
  scoringSettingsKey,
  useScoringSettings,
  type ScoringField,
  type ScoringSettings,
  type ScoringSettingsView,
} from './scoringSettingsApi';

type Values = Record<ScoringField, number | null>;

const GROUPS: { title: MessageKey; fields: ScoringField[] }[] = [
  { title: 'an.set.group.risk', fields: ['highRisk', 'mediumRisk'] },
  { title: 'an.set.group.reasons', fields: ['pAliveThreshold', 'pAliveDrop', 'spendWindowDays', 'spendDrop', 'noContactDays'] },
  { title: 'an.set.group.value', fields: ['lostAfterDays', 'horizonMonths', 'discountRate', 'clvMargin', 'historyMinChange'] },
];
const WHOLE = new Set<ScoringField>(['spendWindowDays', 'noContactDays', 'lostAfterDays', 'horizonMonths']);
// Every field is a root the form renders, so each server error lands next to its field.
const ROOTS: ReadonlySet<string> = new Set(SCORING_FIELDS);

/** Only what differs from the saved values goes to the server, so an error names what the user changed. */
function changesOf(values: Values, saved: ScoringSettings): Partial<Values> {
  return Object.fromEntries(SCORING_FIELDS.filter((field) => values[field] !== saved[field]).map((field) => [field, values[field]]));
}

function SettingsForm({ view }: { view: ScoringSettingsView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const role = useCurrentUser().data?.role;
  const canEdit = role === 'admin' || role === 'manager';
  const [form] = Form.useForm<Values>();
  const errors = useModalFormErrors(form, ROOTS);
  const save = useMutation({
    mutationFn: (changes: Partial<Values>) => saveScoringSettings(changes),
    onSuccess: (saved) => {
      queryClient.setQueryData(scoringSettingsKey, saved);
      form.setFieldsValue(saved.values);
      errors.clear();
      void message.success(t('an.set.savedHint'));
    },
    onError: errors.show,
  });

  const submit = (values: Values) => {
    const changes = changesOf(values, view.values);
    if (Object.keys(changes).length === 0) return void message.info(t('an.set.noChanges'));
    // Errors of an earlier attempt would stay on fields the user has since fixed.
    form.setFields(SCORING_FIELDS.map((name) => ({ name, errors: [] })));
    save.mutate(changes);
  };

  return (
    <Form<Values> form={form} name="scoring" layout="vertical" initialValues={view.values} onFinish={submit} disabled={!canEdit} data-testid="scoring-settings-form">
      {!canEdit && <Alert type="info" showIcon title={t('an.set.readOnly')} style={{ marginBottom: 12 }} />}
      {errors.formError && <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />}
      {GROUPS.map((group) => (
        <div key={group.title}>
          <Typography.Title level={5}>{t(group.title)}</Typography.Title>
          <Row gutter={16}>
            {group.fields.map((field) => (
              <Col key={field} xs={24} md={12} xl={8}>
                <Form.Item
                  name={field}
                  label={t(`an.set.${field}`)}
                  extra={`${t(`an.set.${field}Help`)} ${t('an.set.default', { value: view.defaults[field] })}`}
                >
                  {/* No min/max here: clamping would hide the server's reason; the server checks and says why. */}
                  <InputNumber step={WHOLE.has(field) ? 1 : 0.05} precision={WHOLE.has(field) ? 0 : undefined} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </div>
      ))}
      <Flex gap={8} wrap align="center">
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button
          onClick={() => {
            form.setFieldsValue(view.defaults);
            void message.info(t('an.set.resetDone'));
          }}
        >
          {t('an.set.reset')}
        </Button>
        {view.updatedAt && <Typography.Text type="secondary">{t('an.set.lastSaved', { time: formatDateTime(view.updatedAt) })}</Typography.Text>}
      </Flex>
    </Form>
  );
}

/** 分析设置: the thresholds of the churn early warning and the value analyses (managers and admins change them). */
export function ScoringSettingsPage() {
  const { t } = useI18n();
  const settings = useScoringSettings();
  return (
    <AnalysisPage title={t('an.set.title')} intro={t('an.set.intro')} testId="scoring-settings-page">
      <QueryGate query={settings} empty={null}>{(view) => <SettingsForm view={view} />}</QueryGate>
    </AnalysisPage>
  );
}
