import { useState } from 'react';

/**
 * A file picked to be checked, then acted on: `pick` reads it (`read`: base64 or text) and asks for a
 * preview; `act` runs the action on the same content. `busy` while either runs; failures go to `onError`.
 * A successful action uses the file up: the preview goes, and `fieldKey` changes — as the file field's key
 * it empties the field, so the same file can be picked (and checked) again (a browser sends no change event
 * for the file that is already chosen).
 */
export function usePickedFile<P>(read: (file: File) => Promise<string>, check: (content: string) => Promise<P>, onError: (err: unknown) => void) {
  const [content, setContent] = useState<string>();
  const [preview, setPreview] = useState<P>();
  const [busy, setBusy] = useState(false);
  const [fieldKey, setFieldKey] = useState(0);
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
      setContent(undefined);
      setPreview(undefined);
      setFieldKey((k) => k + 1);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return { preview, busy, pick, act, fieldKey };
}
