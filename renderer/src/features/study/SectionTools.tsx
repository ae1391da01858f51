import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

interface Props {
  title: string;
  bookmarked: boolean;
  note: string;
  onBookmark: (on: boolean) => Promise<void>;
  onSaveNote: (body: string) => Promise<void>;
}

/** Bookmark and personal note for one section. */
export function SectionTools({ title, bookmarked, note, onBookmark, onSaveNote }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(note);
  const [saved, setSaved] = useState(false);
  const id = useId();
  useEffect(() => setDraft(note), [note]);
  return (
    <div className="section-tools">
      <button type="button" className={bookmarked ? 'tool on' : 'tool'} aria-pressed={bookmarked} onClick={() => void onBookmark(!bookmarked)}>
        {bookmarked ? `★ ${t('section.bookmarked')}` : `☆ ${t('section.bookmark')}`}
      </button>
      <button type="button" className={note ? 'tool on' : 'tool'} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        ✎ {t('section.note')}
      </button>
      {open && (
        <form
          id={id}
          className="note-editor"
          onSubmit={(e) => {
            e.preventDefault();
            void onSaveNote(draft).then(() => setSaved(true));
          }}
        >
          <label htmlFor={`${id}-t`}>{t('section.noteLabel', { section: title })}</label>
          <textarea id={`${id}-t`} rows={3} maxLength={5000} value={draft} onChange={(e) => { setDraft(e.target.value); setSaved(false); }} />
          <div className="actions">
            <button type="submit">{t('section.noteSave')}</button>
            {saved && <span role="status" className="saved">✓ {t('section.noteSaved')}</span>}
          </div>
        </form>
      )}
      {!open && note && <p className="note-preview">✎ {note}</p>}
    </div>
  );
}
