/**
 * The renderer's only door to the main process: one function per API entry, each sending
 * its input over IPC and resolving to the envelope. ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiClient } from '@shared/api';
import { apiNames, bridgeKey, changesBridgeKey, changesChannel, reachabilityChannel, type ChangesBridge } from '@shared/apiNames';

const client = Object.fromEntries(apiNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(name, input)])) as ApiClient;

contextBridge.exposeInMainWorld(bridgeKey, client);

/** The record's changes as the main process hears them (this workstation's commits, and on the practice server every other's). */
const changes: ChangesBridge = {
  subscribe(listener) {
    const heard = (_event: Electron.IpcRendererEvent, topics: readonly string[]) => listener(topics);
    ipcRenderer.on(changesChannel, heard);
    return () => void ipcRenderer.removeListener(changesChannel, heard);
  },
  reachability(listener) {
    const heard = (_event: Electron.IpcRendererEvent, reachable: unknown) => {
      if (typeof reachable === 'boolean') listener(reachable);
    };
    ipcRenderer.on(reachabilityChannel, heard);
    return () => void ipcRenderer.removeListener(reachabilityChannel, heard);
  },
};
contextBridge.exposeInMainWorld(changesBridgeKey, changes);
