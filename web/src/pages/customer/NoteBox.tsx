import { useState } from 'react';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { App, Button, Flex, Input, Select } from 'antd';
import { addInteraction } from '../../api/activity';
import { MANUAL_INTERACTION_KINDS, type ManualInteractionKind, type TimelinePage } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { textToHtml } from '../../lib/html';
import { queryKeys } from '../../queries/keys';
import { useLabels } from '../../queries/labels';

/** Quick entry at the top of the timeline: type, pick what kind of contact it was, add. */
export function NoteBox({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<ManualInteractionKind>('note');

  const add = useMutation({
    mutationFn: () => addInteraction(customerId, { kind, bodyHtml: textToHtml(text) }),
    onSuccess: (created) => {
      // Show the new entry at once; the refetch after it reconciles order and server fields.
      queryClient.setQueryData<InfiniteData<TimelinePage, string | null>>(queryKeys.timeline(customerId), (old) => {
        if (!old || old.pages.length === 0) return old;
        const [first, ...rest] = old.pages;
        return { ...old, pages: [{ ...first!, items: [created, ...first!.items] }, ...rest] };
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(customerId) });
      setText('');
      void message.success(t('timeline.added'));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const submit = () => {
    if (!text.trim()) {
      void message.warning(t('timeline.noteRequired'));
      return;
    }
    add.mutate();
  };

  const kindOptions = MANUAL_INTERACTION_KINDS.map((k) => ({ value: k, label: labels.interactionKind(k) }));

  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      <Input.TextArea
        data-testid="note-input"
        aria-label={t('timeline.notePlaceholder')}
        placeholder={t('timeline.notePlaceholder')}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={10000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter submits; plain Enter keeps making new lines.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
        }}
      />
      <Flex justify="end" gap={8}>
        <Select<ManualInteractionKind>
          aria-label={t('timeline.kind')}
          value={kind}
          onChange={setKind}
          options={kindOptions}
          style={{ width: 140 }}
        />
        <Button type="primary" data-testid="note-submit" aria-label={t('timeline.add')} loading={add.isPending} onClick={submit}>
          {t('timeline.add')}
        </Button>
      </Flex>
    </Flex>
  );
}
