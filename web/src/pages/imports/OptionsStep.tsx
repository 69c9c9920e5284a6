import { Checkbox, Flex, Form, Radio, Switch, Typography } from 'antd';
import type { ColumnMapping, ImportKind, ImportMode, MergePolicy } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';

export type WizardOptions = { mode: ImportMode; mergePolicy: MergePolicy; allOrNothing: boolean; dryRun: boolean; createCustomers: boolean };

const MODES: ImportMode[] = ['create-or-update', 'update-existing', 'create-only'];
const DEDUPE_KEYS = ['phone', 'email', 'externalId'] as const;

/** Mode, merge policy, the keys duplicates are found by, all-or-nothing and dry run. */
export function OptionsStep({ kind, mapping, options, onChange }: { kind: ImportKind; mapping: ColumnMapping; options: WizardOptions; onChange: (patch: Partial<WizardOptions>) => void }) {
  const { t } = useI18n();
  const mapped = new Set(mapping.map((m) => m.target));
  return (
    <Form layout="vertical" style={{ maxWidth: 640 }}>
      {kind === 'customers' && (
        <>
          <Form.Item label={t('imp.mode')}>
            <Radio.Group value={options.mode} onChange={(e) => onChange({ mode: e.target.value as ImportMode })} data-testid="import-mode">
              <Flex vertical gap={4}>
                {MODES.map((mode) => (
                  <Radio key={mode} value={mode}>
                    {t(`imp.mode.${mode}`)}
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('imp.merge')}>
            <Radio.Group
              value={options.mergePolicy}
              onChange={(e) => onChange({ mergePolicy: e.target.value as MergePolicy })}
              disabled={options.mode === 'create-only'}
              options={[
                { value: 'fill-empty', label: t('imp.merge.fill-empty') },
                { value: 'overwrite', label: t('imp.merge.overwrite') },
              ]}
              data-testid="import-merge"
            />
          </Form.Item>
          <Form.Item label={t('imp.dedupe')} extra={t('imp.dedupeHelp')}>
            <Flex gap={16} wrap>
              {DEDUPE_KEYS.map((key) => (
                <Checkbox key={key} checked={mapped.has(key)} disabled>
                  {t(`imp.dedupe.${key}`)}
                </Checkbox>
              ))}
            </Flex>
          </Form.Item>
        </>
      )}
      {kind === 'orders' && (
        <Form.Item label={t('imp.createCustomers')} extra={t('imp.createCustomersHelp')}>
          <Switch checked={options.createCustomers} onChange={(createCustomers) => onChange({ createCustomers })} data-testid="import-create-customers" />
        </Form.Item>
      )}
      <Form.Item label={t('imp.allOrNothing')} extra={t('imp.allOrNothingHelp')}>
        <Switch checked={options.allOrNothing} onChange={(allOrNothing) => onChange({ allOrNothing })} data-testid="import-all-or-nothing" />
      </Form.Item>
      <Form.Item label={t('imp.dryRun')} extra={<Typography.Text type="secondary">{t('imp.dryRunHelp')}</Typography.Text>}>
        <Switch checked={options.dryRun} onChange={(dryRun) => onChange({ dryRun })} data-testid="import-dry-run" />
      </Form.Item>
    </Form>
  );
}
