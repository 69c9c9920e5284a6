import { Col, Divider, Form, Input, Row, Select } from 'antd';
import type { CustomFieldDef } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { useLabels } from '../../queries/labels';
import { useGroups, useTags, useUsers } from '../../queries/reference';
import { BirthdayFields } from './BirthdayFields';
import { ContactLists } from './ContactLists';
import { CustomFieldInputs } from './CustomFieldInputs';
import { ImportantDates } from './ImportantDates';

type Props = { mode: 'create' | 'edit'; customFieldDefs: CustomFieldDef[] };

const half = { xs: 24, sm: 12 };

export function CustomerFormFields({ mode, customFieldDefs }: Props) {
  const { t } = useI18n();
  const labels = useLabels();
  const users = useUsers();
  const groups = useGroups();
  const tags = useTags();

  return (
    <>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}>
            <Input autoFocus maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="gender" label={t('field.gender')}>
            <Select
              allowClear
              options={(['male', 'female', 'other'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) }))}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="company" label={t('field.company')}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="title" label={t('field.title')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('form.sectionContact')}</Divider>
      <ContactLists />
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="wechat" label={t('field.wechat')}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="qq" label={t('field.qq')}>
            <Input inputMode="numeric" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="address" label={t('field.address')}>
        <Input />
      </Form.Item>

      <Divider titlePlacement="start">{t('form.sectionSales')}</Divider>
      <Row gutter={12}>
        {/* Stage changes on an existing customer go through the stage box, which asks why. */}
        {mode === 'create' && (
          <Col {...half}>
            <Form.Item name="stage" label={t('field.stage')}>
              <Select options={labels.stageOptions} />
            </Form.Item>
          </Col>
        )}
        <Col {...half}>
          <Form.Item name="intent" label={t('field.intent')}>
            <Select allowClear options={labels.intentOptions} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="region" label={t('field.region')}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="ownerId" label={t('field.owner')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={users.isPending}
              // Disabled accounts cannot take on customers, so they are not offered as owners.
              options={(users.data ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: u.displayName }))}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="source" label={t('field.source')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="groupIds" label={t('field.groups')}>
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={groups.isPending}
          options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
      </Form.Item>
      <Form.Item name="tags" label={t('field.tags')}>
        <Select mode="tags" allowClear options={(tags.data ?? []).map((tg) => ({ value: tg.tag, label: tg.tag }))} />
      </Form.Item>

      <Divider titlePlacement="start">{t('form.sectionPersonal')}</Divider>
      <BirthdayFields />
      <ImportantDates />

      {customFieldDefs.length > 0 && (
        <>
          <Divider titlePlacement="start">{t('form.sectionCustom')}</Divider>
          <CustomFieldInputs defs={customFieldDefs} />
        </>
      )}
    </>
  );
}
