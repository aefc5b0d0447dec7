import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('hub', {});
