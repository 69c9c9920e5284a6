import { useState } from 'react';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Popconfirm, Popover, Select } from 'antd';
import { deleteImportPreset, fetchImportPresets, saveImportPreset, type ColumnMapping, type ImportKind, type ImportMode, type ImportPreset, type MergePolicy } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { importKeys } from './useImportJob';

export function PresetBar({ kind, headers, mapping, options, onApply }: {
  kind: ImportKind;
  headers: string[];
  mapping: ColumnMapping;
  /** Saved with the mapping (customers): the mode and merge policy people pair with it. */
  options?: { mode: ImportMode; mergePolicy: MergePolicy };
  onApply: (preset: ImportPreset) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const presets = useQuery({ queryKey: importKeys.presets(kind), queryFn: ({ signal }) => fetchImportPresets(kind, signal) });
  const [picked, setPicked] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);

  const save = useMutation({
    mutationFn: () => saveImportPreset({ kind, name: name.trim(), mapping, options }),
    onSuccess: (preset) => {
      void queryClient.invalidateQueries({ queryKey: importKeys.presets(kind) });
      setPicked(preset.id);
      setSaving(false);
      message.success(t('imp.presetSaved'));
    },
    onError: (error) => message.error(errorMessage(error, t)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteImportPreset(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: importKeys.presets(kind) });
      setPicked(undefined);
      message.success(t('imp.presetDeleted'));
    },
    onError: (error) => message.error(errorMessage(error, t)),
  });
  const current = presets.data?.find((p) => p.id === picked);

  return (
    <Flex gap={8} wrap align="center">
      <Select
        placeholder={t('imp.presetPick')}
        value={picked}
        loading={presets.isPending}
        options={(presets.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        // onSelect, not onChange: picking the preset already shown applies it again (after hand edits).
        onSelect={(id: string) => {
          setPicked(id);
          const preset = presets.data?.find((p) => p.id === id);
          if (preset) onApply(preset);
        }}
        style={{ minWidth: 180 }}
        data-testid="preset-select"
        disabled={headers.length === 0}
      />
      {current && (
        <Popconfirm title={t('imp.presetDeleteConfirm', { name: current.name })} onConfirm={() => remove.mutate(current.id)}>
          <Button icon={<DeleteOutlined />} aria-label={t('imp.presetDelete')} loading={remove.isPending} />
        </Popconfirm>
      )}
      <Popover
        open={saving}
        onOpenChange={setSaving}
        trigger="click"
        title={t('imp.presetName')}
        content={
          <Flex gap={8}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder={t('imp.presetName')} onPressEnter={() => name.trim() && save.mutate()} data-testid="preset-name" />
            <Button type="primary" disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()} data-testid="preset-save-confirm">
              {t('common.save')}
            </Button>
          </Flex>
        }
      >
        <Button icon={<SaveOutlined />} disabled={mapping.length === 0} data-testid="preset-save">
          {t('imp.presetSave')}
        </Button>
      </Popover>
    </Flex>
  );
}
