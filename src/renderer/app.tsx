/** @jsxImportSource preact */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorText } from '../shared/error-text';
import { TabPanel, Tabs } from './components/tabs';
import { call } from './hub';
import { useFileDrop } from './state/use-file-drop';
import { useHub } from './state/use-hub';
import { DropPreview, type DropState } from './views/drop-preview';
import { HistoryView } from './views/history-view';
import { JobsView } from './views/jobs-view';
import { RunDetail } from './views/run-detail';
import { RunningView } from './views/running-view';
import { SettingsView } from './views/settings-view';

type TabIdName = 'running' | 'jobs' | 'history' | 'settings';

/** The whole window: four tabs, a run detail over them, and the drop target over everything. */
export function App() {
  const [state, actions] = useHub();
  const [tab, setTab] = useState<TabIdName>('running');
  const [detail, setDetail] = useState<string | null>(null);
  const [drop, setDrop] = useState<DropState | null>(null);
  const [failuresOnly, setFailuresOnly] = useState(false);

  const onDrop = useCallback(async (files: File[]) => {
    const file = files[0];
    if (!file) return;
    if (!/\.json$/i.test(file.name)) {
      setDrop({
        kind: 'refused',
        fileName: file.name,
        message: `“${file.name}” is not a job file. Drop a .json job file (see the README for the format).`,
      });
      return;
    }
    setDrop({ kind: 'loading', fileName: file.name });
    try {
      // The File itself goes to the bridge: the page never names a path (see HubBridge).
      const answer = await window.hub.previewJobFile(file);
      if (!answer.ok) throw new Error(answer.error);
      setDrop({ kind: 'preview', fileName: file.name, preview: answer.value });
    } catch (error) {
      setDrop({ kind: 'refused', fileName: file.name, message: errorText(error) });
    }
  }, []);
  const dragging = useFileDrop(onDrop);

  // The app was started with a job file: main previewed it and asks the window to show that preview.
  useEffect(
    () =>
      window.hub?.onShowPreview?.((preview) => {
        setDetail(null);
        setDrop({ kind: 'preview', fileName: baseName(preview.file), preview });
      }),
    [],
  );

  // A notification or tray entry about a run was clicked: main shows the window and asks for that run.
  useEffect(
    () =>
      window.hub?.onShowRun?.((runId) => {
        setDrop(null);
        setDetail(runId);
      }),
    [],
  );

  const openRun = (runId: string) => setDetail(runId);
  const select = (id: TabIdName) => {
    setTab(id);
    setDetail(null);
  };
  const closeDrop = useCallback(() => setDrop(null), []);
  const settings = state.settings;

  return (
    <div class="app">
      <div class="shell" inert={drop !== null || dragging}>
        <header class="top">
          <h1 class="title">Automation Hub</h1>
          <Tabs
            label="Views"
            selected={tab}
            onSelect={select}
            tabs={[
              { id: 'running', label: 'Running', badge: state.running.length },
              { id: 'jobs', label: 'Jobs' },
              { id: 'history', label: 'History' },
              { id: 'settings', label: 'Settings' },
            ]}
          />
        </header>
        {settings?.triggersPaused ? (
          <div class="banner" role="status">
            <span>Triggers are paused: no schedule or file starts a job.</span>
            <button
              type="button"
              class="button small-button"
              onClick={() =>
                call('setTriggersPaused', false).catch((e) => actions.flash('error', errorText(e)))
              }
            >
              Resume
            </button>
          </div>
        ) : null}
        {state.loadError ? (
          <p class="error load-error" role="alert">
            Could not reach the hub: {state.loadError}
          </p>
        ) : null}
        <main class="content">
          {detail ? (
            <RunDetail key={detail} runId={detail} onBack={() => setDetail(null)} />
          ) : (
            <TabPanel id={tab}>
              {tab === 'running' ? (
                <RunningView running={state.running} onOpenRun={openRun} onShowJobs={() => select('jobs')} />
              ) : tab === 'jobs' ? (
                <JobsView
                  jobs={state.jobs}
                  jobsFolder={state.jobsFolder}
                  triggersPaused={settings?.triggersPaused ?? false}
                  onChanged={actions.refreshJobs}
                />
              ) : tab === 'history' ? (
                <HistoryView
                  historyVersion={state.historyVersion}
                  notices={state.notices}
                  failuresOnly={failuresOnly}
                  onFailuresOnly={setFailuresOnly}
                  onOpenRun={openRun}
                />
              ) : (
                <SettingsView
                  settings={settings}
                  jobsFolder={state.jobsFolder}
                  onSaved={actions.setSettings}
                />
              )}
            </TabPanel>
          )}
        </main>
        <div class="flashes" aria-live="polite">
          {state.flashes.map((flash) => (
            <p key={flash.id} class={`flash flash-${flash.level}`}>
              <span>{flash.text}</span>
              <button
                type="button"
                class="icon-button"
                aria-label="Dismiss message"
                onClick={() => actions.dismissFlash(flash.id)}
              >
                ×
              </button>
            </p>
          ))}
        </div>
      </div>
      {dragging ? (
        <div class="drop-target" aria-hidden="true">
          <div class="drop-box">
            <svg viewBox="0 0 24 24" width="40" height="40" aria-hidden="true">
              <path d="M12 3v12M7 10l5 5 5-5M4 19h16" />
            </svg>
            <p>Drop a job file to preview it</p>
          </div>
        </div>
      ) : null}
      {drop ? (
        <DropPreview
          drop={drop}
          onClose={closeDrop}
          onRun={() => {
            setDrop(null);
            select('running');
          }}
          onAdded={(path) => {
            setDrop(null);
            actions.flash('info', `Added to the library as ${path}`);
            actions.refreshJobs();
            select('jobs');
          }}
          onRunError={(message) => actions.flash('error', message)}
        />
      ) : null}
    </div>
  );
}

/** The file name of a path from either platform (the window has no node:path). */
function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
