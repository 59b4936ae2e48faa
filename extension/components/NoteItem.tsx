import { useState } from 'react';
import { useT } from '../i18n/react';
import type { Note, NoteConflict } from '../../shared/records';
import type { NoteHistoryEntry } from '../../shared/protocol';
import { errorMessage, updateFromUi } from '../ui/actions';
import { formatDate, formatRelative } from '../ui/format';
import { sendMessage } from '../lib/messaging';
import { useMeta } from '../hooks/use-meta';
import { ErrorLine } from './ErrorLine';

const HISTORY_LABELS = {
  create: 'history.create',
  edit: 'history.edit',
  merge: 'history.merge',
  'merge-input': 'history.mergeInput',
  conflict: 'history.conflict',
  'after-delete': 'history.afterDelete',
} as const satisfies Record<NoteHistoryEntry['kind'], string>;

function History({ noteId }: { noteId: string }) {
  const { t } = useT();
  const [entries, setEntries] = useState<NoteHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  async function toggle() {
    if (open) return setOpen(false);
    setOpen(true);
    setError(null);
    try {
      setEntries(await sendMessage('noteHistory', noteId));
    } catch (e) {
      setError(t('history.needsServer', { reason: errorMessage(e) }));
    }
  }
  return (
    <div>
      <button type="button" className="btn link" aria-expanded={open} onClick={() => void toggle()}>
        {t('history.title')}
      </button>
      {open ? (
        <div className="stack" data-testid="note-history">
          <ErrorLine message={error} />
          {!error && entries === null ? <p className="muted">{t('history.loading')}</p> : null}
          {entries?.map((e) => (
            <div key={e.n} className="note">
              <div className="meta">
                {t(HISTORY_LABELS[e.kind], { name: e.authorName })} · {formatDate(e.createdAt)}
                {e.rev ? ` · ${t('history.revision', { rev: e.rev })}` : ''}
              </div>
              <div>{e.body}</div>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function ConflictCard({ note, conflict, myId }: { note: Note; conflict: NoteConflict; myId: string }) {
  const { t } = useT();
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(`${note.body}\n\n${conflict.body}`);
  const [error, setError] = useState<string | null>(null);
  const mine = conflict.by === myId;
  async function resolve(body: string | null) {
    setError(null);
    try {
      await updateFromUi('note', note.id, body === null || body === note.body ? {} : { body }, {
        resolves: [conflict.id],
      });
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section className="card stack" aria-label={t('conflict.label')} data-testid="note-conflict">
      <strong>
        {mine ? t('conflict.mine') : t('conflict.theirs', { name: conflict.byName })} · {formatRelative(conflict.at)}
      </strong>
      <div className="note">
        <div className="meta">{mine ? t('conflict.yours') : t('conflict.version', { name: conflict.byName })}</div>
        <div>{conflict.body}</div>
      </div>
      {merging ? (
        <label className="field">
          {t('conflict.mergedText')}
          <textarea value={merged} onChange={(e) => setMerged(e.target.value)} rows={6} />
        </label>
      ) : null}
      <ErrorLine message={error} />
      <div className="row">
        {merging ? (
          <>
            <button
              className="btn primary"
              type="button"
              disabled={!merged.trim()}
              onClick={() => void resolve(merged)}
            >
              {t('conflict.saveMerged')}
            </button>
            <button className="btn" type="button" onClick={() => setMerging(false)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <>
            {/* "Mine" is the viewer's text: the set-aside one when they wrote it, else the current body. */}
            <button className="btn" type="button" onClick={() => void resolve(mine ? conflict.body : null)}>
              {mine ? t('conflict.keepMine') : t('conflict.keepCurrent')}
            </button>
            <button className="btn" type="button" onClick={() => void resolve(mine ? null : conflict.body)}>
              {mine ? t('conflict.keepTheirs') : t('conflict.keepName', { name: conflict.byName })}
            </button>
            <button className="btn" type="button" onClick={() => setMerging(true)}>
              {t('conflict.editMerged')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

/** One note: its text (always as text), who and when, edit in place, open conflicts and history. */
export function NoteItem({ note }: { note: Note }) {
  const { t } = useT();
  const session = useMeta('session');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const [error, setError] = useState<string | null>(null);
  const myId = session?.member.id ?? '';
  return (
    <li className="note stack" data-testid="note">
      {editing ? (
        <form
          className="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              await updateFromUi('note', note.id, { body: draft });
              setEditing(false);
            } catch (err) {
              setError(errorMessage(err));
            }
          }}
        >
          <label className="field">
            {t('notes.edit')}
            <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} />
          </label>
          <ErrorLine message={error} />
          <div className="row">
            <button className="btn primary" type="submit" disabled={!draft.trim()}>
              {t('common.save')}
            </button>
            <button className="btn" type="button" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div data-testid="note-body">{note.body}</div>
      )}
      <div className="meta row">
        <span>
          {formatDate(note.createdAt)}
          {note.visibility === 'private' ? ` · ${t('notes.onlyMe')}` : ''}
        </span>
        {!editing ? (
          <button
            type="button"
            className="btn link"
            onClick={() => {
              setDraft(note.body);
              setEditing(true);
            }}
          >
            {t('notes.editButton')}
          </button>
        ) : null}
        {note.createdBy === myId ? (
          <button
            type="button"
            className="btn link"
            onClick={() =>
              void updateFromUi('note', note.id, {
                visibility: note.visibility === 'private' ? 'team' : 'private',
              }).catch((err: unknown) => setError(errorMessage(err)))
            }
          >
            {note.visibility === 'private' ? t('notes.share') : t('notes.makePrivate')}
          </button>
        ) : null}
        <History noteId={note.id} />
      </div>
      {note.conflicts.map((c) => (
        <ConflictCard key={c.id} note={note} conflict={c} myId={myId} />
      ))}
    </li>
  );
}
