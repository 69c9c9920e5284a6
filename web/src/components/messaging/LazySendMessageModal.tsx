import { lazy, Suspense, type ComponentProps } from 'react';

// The send dialog (date picker, preview) is loaded when first opened, not with the list page.
const SendMessageModal = lazy(async () => ({ default: (await import('./SendMessageModal')).SendMessageModal }));

export function LazySendMessageModal(props: ComponentProps<typeof SendMessageModal>) {
  if (!props.open) return null;
  return (
    <Suspense fallback={null}>
      <SendMessageModal {...props} />
    </Suspense>
  );
}
