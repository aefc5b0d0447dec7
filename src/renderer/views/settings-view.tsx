/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/error-text';
import type { Settings, SettingsPatch } from '../../shared/settings-schema';
import { call } from '../hub';
import { sentence } from '../labels';

type NumberKey = {
  [K in keyof Settings]: Settings[K] extends number ? K : never;
}[keyof Settings];
type NotificationKey = keyof Settings['notifications'];
/** Where an error is shown: a top-level key, or `notifications.onFailure`. */
type FieldKey = keyof Settings | `notifications.${NotificationKey}`;

interface Props {
  settings: Settings | null;
  jobsFolder: string | null;
  onSaved: (settings: Settings) => void;
}

/** Hub-wide settings. Every field saves on its own as it is changed; the hub's refusal is shown beside it. */
export function SettingsView({ settings, jobsFolder, onSaved }: Props) {
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [saved, setSaved] = useState<FieldKey | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  // A switch shows the user's choice at once while the hub saves it; a re-render in between must not flip it back.
  const [pending, setPending] = useState<Partial<Record<FieldKey, boolean>>>({});
  if (!settings) return <p class="muted loading">Loading settings…</p>;

  const toggle = async (field: FieldKey, value: boolean, patch: SettingsPatch): Promise<void> => {
    setPending((old) => ({ ...old, [field]: value }));
    await save(field, patch);
    setPending((old) => ({ ...old, [field]: undefined }));
  };

  const save = async (field: FieldKey, patch: SettingsPatch): Promise<boolean> => {
    setSaved(null);
    try {
      const next = await call('updateSettings', patch);
      setErrors((old) => ({ ...old, [field]: undefined }));
      setSaved(field);
      onSaved(next);
      return true;
    } catch (error) {
      setErrors((old) => ({ ...old, [field]: besideField(errorText(error), field) }));
      return false;
    }
  };
  const saveNumber = async (key: NumberKey, raw: string): Promise<boolean> => {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isNaN(value)) {
      setErrors((old) => ({ ...old, [key]: 'Enter a number.' }));
      return false;
    }
    return save(key, { [key]: value });
  };
  const number = (key: NumberKey, label: string, unit: string, hint: string, step = 'any') => (
    <NumberField
      id={`setting-${key}`}
      label={label}
      unit={unit}
      hint={hint}
      step={step}
      value={settings[key]}
      error={errors[key]}
      saved={saved === key}
      onCommit={(raw) => saveNumber(key, raw)}
    />
  );
  const notification = (key: NotificationKey, label: string) => {
    const field: FieldKey = `notifications.${key}`;
    const errorId = `error-${key}`;
    return (
      <div class="check-field">
        <label class="check">
          <input
            type="checkbox"
            checked={pending[field] ?? settings.notifications[key]}
            aria-invalid={errors[field] ? true : undefined}
            aria-describedby={errors[field] ? errorId : undefined}
            onChange={(event) => {
              const value = event.currentTarget.checked;
              void toggle(field, value, { notifications: { [key]: value } });
            }}
          />
          {label}
        </label>
        <FieldError id={errorId} text={errors[field]} />
      </div>
    );
  };

  return (
    <form class="settings" onSubmit={(event) => event.preventDefault()} aria-label="Settings">
      <fieldset>
        <legend>Jobs folder</legend>
        <div class="folder-row">
          <code class="path" id="jobs-folder">
            {jobsFolder}
          </code>
          <button
            type="button"
            class="button"
            aria-describedby="jobs-folder"
            onClick={() => {
              setFolderError(null);
              call('openJobsFolder').catch((err) => setFolderError(errorText(err)));
            }}
          >
            Open
          </button>
        </div>
        <FieldError id="error-folder" text={folderError ?? undefined} />
      </fieldset>
      <fieldset>
        <legend>Running jobs</legend>
        {number('defaultTimeoutMinutes', 'Default timeout', 'min', 'For jobs whose file gives no timeout.')}
        {number('stuckAfterMinutes', 'Stuck after', 'min', 'Warn when a run takes longer than this.')}
        {number('maxConcurrentJobs', 'Max concurrent jobs', 'jobs', 'More runs wait in a queue.', '1')}
      </fieldset>
      <fieldset>
        <legend>Notify me when a run</legend>
        {notification('onFailure', 'fails')}
        {notification('onTimeout', 'times out')}
        {notification('onStuck', 'looks stuck')}
        {notification('onSuccess', 'succeeds')}
      </fieldset>
      <fieldset>
        <legend>Windows</legend>
        <div class="check-field">
          <label class="check">
            <input
              type="checkbox"
              checked={pending.startAtLogin ?? settings.startAtLogin}
              aria-invalid={errors.startAtLogin ? true : undefined}
              aria-describedby={errors.startAtLogin ? 'error-startAtLogin' : undefined}
              onChange={(event) => {
                const value = event.currentTarget.checked;
                void toggle('startAtLogin', value, { startAtLogin: value });
              }}
            />
            Start Automation Hub when I sign in
          </label>
          <FieldError id="error-startAtLogin" text={errors.startAtLogin} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Housekeeping</legend>
        {number('logRetentionDays', 'Keep logs for', 'days', 'Older run logs are deleted.', '1')}
        {number('logMaxTotalMB', 'Logs may use', 'MB', 'The oldest logs go first.', '1')}
        {number('historyLimit', 'History keeps', 'runs', 'Older runs are forgotten.', '1')}
      </fieldset>
    </form>
  );
}

/**
 * Main and the hub name the field in their messages (`updateSettings: argument 1 (maxConcurrentJobs): must
 * be …`, `settings.maxConcurrentJobs: must be …`); beside the field that name is noise, so everything up to
 * it is dropped and the rest reads as a sentence.
 */
function besideField(message: string, field: FieldKey): string {
  const key = field.split('.').pop() ?? field;
  const at = new RegExp(`(?:^|[\\s(.])${key}\\)?: `).exec(message);
  return sentence(at ? message.slice(at.index + at[0].length) : message);
}

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {text}
    </p>
  );
}

function NumberField(props: {
  id: string;
  label: string;
  unit: string;
  hint: string;
  step: string;
  value: number;
  error: string | undefined;
  saved: boolean;
  /** Saves; true when the hub took the value. */
  onCommit: (raw: string) => Promise<boolean>;
}) {
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  // What the user typed, until the hub accepts it: a refused value stays visible next to its error, and a
  // change made elsewhere (settings-changed) shows up when the user is not typing.
  const [draft, setDraft] = useState<string | null>(null);

  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={props.id} class="field-label">
        {props.label}
      </label>
      <span class="field-input">
        <input
          id={props.id}
          type="number"
          inputMode="decimal"
          step={props.step}
          value={draft ?? String(props.value)}
          onInput={(event) => setDraft(event.currentTarget.value)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${errorId} ${hintId}` : hintId}
          onChange={async (event) => {
            if (await props.onCommit(event.currentTarget.value)) setDraft(null);
          }}
        />
        <span class="unit">{props.unit}</span>
        {props.saved ? (
          <span class="saved" role="status">
            Saved
          </span>
        ) : null}
      </span>
      <span class="field-hint muted small" id={hintId}>
        {props.hint}
      </span>
      <FieldError id={errorId} text={props.error} />
    </div>
  );
}
