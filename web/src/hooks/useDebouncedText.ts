import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * Local text state for an input whose committed value lives elsewhere (the URL). Typing
 * commits after a pause so each keystroke does not fire a search; Enter can flush at once.
 * When the committed value changes from outside (back button, "clear filters") the text
 * follows it.
 */
export function useDebouncedText(committed: string, commit: (value: string) => void, delayMs = 300) {
  const [text, setText] = useState(committed);
  const [lastCommitted, setLastCommitted] = useState(committed);
  // The latest commit callback, without restarting the timer whenever the parent re-renders.
  const commitRef = useRef(commit);
  useLayoutEffect(() => {
    commitRef.current = commit;
  });

  if (committed !== lastCommitted) {
    // Adjusting state during render is React's recommended way to sync from a prop.
    setLastCommitted(committed);
    setText(committed);
  }

  useEffect(() => {
    if (text.trim() === committed) return undefined;
    const timer = setTimeout(() => commitRef.current(text.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [text, committed, delayMs]);

  const flush = () => {
    if (text.trim() !== committed) commitRef.current(text.trim());
  };
  return { text, setText, flush };
}
