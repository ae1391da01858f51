import { useState } from 'react';

/**
 * A file picked to be checked, then acted on: `pick` reads it (`read`: base64 or text) and asks for a
 * preview; `act` runs the action on the same content. `busy` while either runs; failures go to `onError`.
 */
export function usePickedFile<P>(read: (file: File) => Promise<string>, check: (content: string) => Promise<P>, onError: (err: unknown) => void) {
  const [content, setContent] = useState<string>();
  const [preview, setPreview] = useState<P>();
  const [busy, setBusy] = useState(false);
  const pick = async (file: File | undefined) => {
    setPreview(undefined);
    setContent(undefined);
    if (!file) return;
    setBusy(true);
    try {
      const text = await read(file);
      setContent(text);
      setPreview(await check(text));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const act = async (action: (content: string) => Promise<void>) => {
    if (content === undefined) return;
    setBusy(true);
    try {
      await action(content);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return { preview, setPreview, busy, pick, act };
}
