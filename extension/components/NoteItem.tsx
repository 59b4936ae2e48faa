import { useState } from 'react';
import type { Note, NoteConflict } from '../../shared/records';
import type { NoteHistoryEntry } from '../../shared/protocol';
import { errorMessage, updateFromUi } from '../lib/actions';
import { formatDate, formatRelative } from '../lib/format';
import { sendMessage } from '../lib/messaging';
import { useMeta } from '../hooks/use-meta';

const HISTORY_LABELS: Record<NoteHistoryEntry['kind'], string> = {
  create: 'wrote',
  edit: 'edited',
  merge: 'merged',
  'merge-input': 'edited offline (merged)',
  conflict: 'edited offline (conflict)',
  'after-delete': 'edited after it was deleted',
};

function History({ noteId }: { noteId: string }) {
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
      setError(`History needs the server: ${errorMessage(e)}`);
    }
  }
  return (
    <div>
      <button type="button" className="btn link" aria-expanded={open} onClick={() => void toggle()}>History</button>
      {open ? (
        <div className="stack" data-testid="note-history">
          {error ? <p className="error">{error}</p> : null}
          {!error && entries === null ? <p className="muted">Loading history…</p> : null}
          {entries?.map((e) => (
            <div key={e.n} className="note">
              <div className="meta">{e.authorName} {HISTORY_LABELS[e.kind]} · {formatDate(e.createdAt)}{e.rev ? ` · revision ${e.rev}` : ''}</div>
              <div>{e.body}</div>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function ConflictCard({ note, conflict, myId }: { note: Note; conflict: NoteConflict; myId: string }) {
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(`${note.body}\n\n${conflict.body}`);
  const [error, setError] = useState<string | null>(null);
  const mine = conflict.by === myId;
  async function resolve(body: string | null) {
    setError(null);
    try {
      await updateFromUi('note', note.id, body === null || body === note.body ? {} : { body }, { resolves: [conflict.id] });
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <div className="card stack" role="group" aria-label="Note conflict" data-testid="note-conflict">
      <strong>{mine ? 'Your offline edit clashed with a teammate’s' : `Edited offline by ${conflict.byName}`} · {formatRelative(conflict.at)}</strong>
      <div className="note"><div className="meta">{mine ? 'Yours' : `${conflict.byName}’s version`}</div><div>{conflict.body}</div></div>
      {merging ? (
        <label className="field">Merged text<textarea value={merged} onChange={(e) => setMerged(e.target.value)} rows={6} /></label>
      ) : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="row">
        {merging ? (
          <>
            <button className="btn primary" type="button" disabled={!merged.trim()} onClick={() => void resolve(merged)}>Save merged</button>
            <button className="btn" type="button" onClick={() => setMerging(false)}>Cancel</button>
          </>
        ) : (
          <>
            {/* "Mine" is the viewer's text: the set-aside one when they wrote it, else the current body. */}
            <button className="btn" type="button" onClick={() => void resolve(mine ? conflict.body : null)}>{mine ? 'Keep mine' : 'Keep current'}</button>
            <button className="btn" type="button" onClick={() => void resolve(mine ? null : conflict.body)}>{mine ? 'Keep theirs' : `Keep ${conflict.byName}’s`}</button>
            <button className="btn" type="button" onClick={() => setMerging(true)}>Edit merged</button>
          </>
        )}
      </div>
    </div>
  );
}

/** One note: its text (always as text), who and when, edit in place, open conflicts and history. */
export function NoteItem({ note }: { note: Note }) {
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
          <label className="field">Edit note<textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} /></label>
          {error ? <p className="error" role="alert">{error}</p> : null}
          <div className="row">
            <button className="btn primary" type="submit" disabled={!draft.trim()}>Save</button>
            <button className="btn" type="button" onClick={() => setEditing(false)}>Cancel</button>
          </div>
        </form>
      ) : (
        <div data-testid="note-body">{note.body}</div>
      )}
      <div className="meta row">
        <span>{formatDate(note.createdAt)}{note.visibility === 'private' ? ' · only me' : ''}</span>
        {!editing ? <button type="button" className="btn link" onClick={() => { setDraft(note.body); setEditing(true); }}>Edit</button> : null}
        {note.createdBy === myId ? (
          <button
            type="button"
            className="btn link"
            onClick={() => void updateFromUi('note', note.id, { visibility: note.visibility === 'private' ? 'team' : 'private' }).catch((err: unknown) => setError(errorMessage(err)))}
          >
            {note.visibility === 'private' ? 'Share with the team' : 'Make private'}
          </button>
        ) : null}
        <History noteId={note.id} />
      </div>
      {note.conflicts.map((c) => <ConflictCard key={c.id} note={note} conflict={c} myId={myId} />)}
    </li>
  );
}
