import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchHit, SearchResult } from '../../../../electron/shared/calls/search';
import { useI18n } from '../../i18n/i18n';
import { Highlighted } from './Highlighted';
import { hitHref } from './searchLink';
import { useSearch } from './useSearch';
import './search.css';

/**
 * The header search box: results as you type, grouped into sections and questions, navigable with
 * the arrow keys (a WAI-ARIA combobox with a listbox). `/` focuses it from anywhere but a text field.
 */
export function SearchBox() {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  // What is searched: the text, except while an IME is still composing it.
  const [query, setQuery] = useState('');
  const composing = useRef(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const search = useSearch(query);

  const result: SearchResult | undefined =
    search.state === 'ready' ? search.result : search.state === 'pending' ? search.previous : undefined;
  const hits: SearchHit[] = result ? [...result.sections, ...result.questions] : [];
  const optionId = (i: number) => `${listId}-opt-${i}`;

  useEffect(() => setActive(-1), [result]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if ((e.target as HTMLElement).closest('input, textarea, select, [contenteditable]')) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(`${listId}-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const openHit = (hit: SearchHit) => {
    window.location.hash = hitHref(hit, result ?? { query: '', terms: [] });
    setOpen(false);
    input.current?.blur();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (!hits.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a < 0 ? (step > 0 ? 0 : hits.length - 1) : (a + step + hits.length) % hits.length));
    } else if (e.key === 'Enter') {
      const hit = hits[active >= 0 ? active : 0];
      if (hit && open) {
        e.preventDefault();
        openHit(hit);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open) setOpen(false);
      else if (text) {
        setText('');
        setQuery('');
      } else input.current?.blur();
    }
  };

  const change = (value: string) => {
    setText(value);
    setOpen(true);
    if (!composing.current) setQuery(value);
  };

  const showPanel = open;
  let index = 0;
  const group = (kind: 'sections' | 'questions', list: SearchHit[]) =>
    list.length > 0 && (
      <div role="group" aria-labelledby={`${listId}-${kind}`} className="search-group">
        <div id={`${listId}-${kind}`} className="search-group-title" role="presentation">
          {t(kind === 'sections' ? 'search.sections' : 'search.questions')}
          <span className="search-count">{list.length}</span>
        </div>
        {list.map((hit) => {
          const i = index++;
          return (
            <div
              key={`${hit.kind}:${hit.refId}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`search-option${i === active ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => openHit(hit)}
            >
              {hit.kind === 'section' ? (
                <>
                  <div className="search-hit-title">
                    <Highlighted text={hit.title} ranges={hit.titleHighlights} />
                  </div>
                  <div className="search-hit-where">{hit.chapterTitle}</div>
                  {hit.snippet.text && (
                    <div className="search-hit-snippet">
                      <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
                    </div>
                  )}
                </>
              ) : (
                <>
                  <div className="search-hit-title question">
                    <Highlighted text={hit.title} ranges={hit.titleHighlights} />
                  </div>
                  {hit.snippet.text !== hit.title && hit.snippet.highlights.length > 0 && (
                    <div className="search-hit-snippet">
                      <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
                    </div>
                  )}
                  <div className="search-hit-where">{t('search.questionIn', { section: `${hit.chapterTitle} › ${hit.sectionTitle}` })}</div>
                </>
              )}
            </div>
          );
        })}
      </div>
    );

  return (
    <div
      className="search-box"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <input
        ref={input}
        type="search"
        className="search-input"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={showPanel}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? optionId(active) : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => change(e.target.value)}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={(e) => {
          composing.current = false;
          setQuery(e.currentTarget.value);
        }}
      />
      {showPanel && (
        // The panel scrolls when hits overflow it: a tab stop lets keyboard users scroll it too.
        <div className="search-panel" lang={locale} tabIndex={hits.length > 0 ? 0 : undefined}>
          {!query.trim() ? (
            <p className="search-note">{t('search.hint')}</p>
          ) : search.state === 'error' ? (
            <p className="search-note error" role="alert">
              {search.error.body.message[locale]}
            </p>
          ) : !result ? (
            <p className="search-note" role="status">
              {t('search.searching')}
            </p>
          ) : hits.length === 0 && search.state === 'ready' ? (
            <p className="search-note" role="status">
              {t('search.noResults', { query: result.query || query.trim() })}
            </p>
          ) : null}
          {result && hits.some((h) => h.match === 'pinyin') && (
            <p className="search-note pinyin">
              {t('search.pinyin', { query: result.query, terms: result.terms.filter((w) => w !== result.query).join('、') })}
            </p>
          )}
          <div id={listId} role="listbox" aria-label={t('search.label')} className="search-list" hidden={!hits.length || !query.trim()}>
            {query.trim() && result && group('sections', result.sections)}
            {query.trim() && result && group('questions', result.questions)}
          </div>
          {hits.length > 0 && query.trim() && <p className="search-keys">{t('search.keys')}</p>}
        </div>
      )}
    </div>
  );
}
