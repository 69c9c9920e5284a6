import { useState } from 'react';

type CursorState = { key: string; stack: (string | null)[] };

/**
 * The API pages with opaque cursors and cannot jump to page N, so "previous" means going
 * back to a cursor we already used: keep the stack of cursors that led here. Changing
 * filters (a new key) starts again from the first page.
 */
export function useCursorPages(filterKey: string) {
  const [state, setState] = useState<CursorState>({ key: filterKey, stack: [null] });
  const stack = state.key === filterKey ? state.stack : [null];

  return {
    cursor: stack[stack.length - 1] ?? null,
    page: stack.length,
    canPrev: stack.length > 1,
    next: (nextCursor: string) => setState({ key: filterKey, stack: [...stack, nextCursor] }),
    prev: () => setState({ key: filterKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}
