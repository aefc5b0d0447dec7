; Automation Hub's additions to electron-builder's NSIS installer and uninstaller (electron-builder.yml:
; nsis.include). test/packaging/installer-script.test.ts checks the names below against the app's code.

; Before files are replaced or removed (install over a running app, upgrade, uninstall): ask the running
; Automation Hub to quit the way its Quit menu does, so its jobs' process trees are stopped and their runs
; recorded as cancelled, instead of electron-builder's default, which ends the process outright.
; "Automation Hub.exe --quit" hands the request to the running app and exits at once
; (src/main/app/quit-request.ts). The app asks its user first when jobs run; if it is still running after
; 30 seconds, the installer offers Retry (ask again) or Cancel.
!macro customCheckAppRunning
  ah_quit_ask:
  IfFileExists "$INSTDIR\${APP_EXECUTABLE_FILENAME}" 0 ah_quit_done
    DetailPrint "Asking ${PRODUCT_NAME} to quit..."
    ExecWait '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --quit'
    StrCpy $R1 0
    ah_quit_wait:
      nsExec::Exec `"$SYSDIR\cmd.exe" /C tasklist /FI "USERNAME eq %USERNAME%" /FI "IMAGENAME eq ${APP_EXECUTABLE_FILENAME}" /FO CSV /NH | "$SYSDIR\findstr.exe" /B /I /C:"\"${APP_EXECUTABLE_FILENAME}\""`
      Pop $R0
      ; findstr exits 0 when it found the app's process.
      StrCmp $R0 0 0 ah_quit_done
      IntOp $R1 $R1 + 1
      IntCmp $R1 60 ah_quit_stuck
      Sleep 500
      Goto ah_quit_wait
    ah_quit_stuck:
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(appCannotBeClosed)" /SD IDCANCEL IDRETRY ah_quit_ask
      Quit
  ah_quit_done:
!macroend

; Uninstalling (not the uninstall an upgrade runs first) removes what the app registered for this user:
; the "Start at login" entry (Run value and Task Manager's StartupApproved switch, both named after the
; appId, as src/main/app/model/login-item.ts writes them) and the COM class that Electron registers so that
; a toast clicked in Action Center can start the app (TOAST_ACTIVATOR_CLSID in model/app-identity.ts).
; Jobs, history and logs in %APPDATA%\Automation Hub stay: they are the user's.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APP_ID}"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "${APP_ID}"
    DeleteRegKey HKCU "Software\Classes\CLSID\{5B0C8A3E-6F1D-4C27-9A44-2E7D3B9C1F60}"
  ${endIf}
!macroend
