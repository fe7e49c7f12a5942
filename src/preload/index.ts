/**
 * The renderer's only door to the main process: one function per API entry, each sending
 * its input over IPC and resolving to the envelope. ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiClient } from '@shared/api';
import { apiNames, bridgeKey } from '@shared/apiNames';

const client = Object.fromEntries(apiNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(name, input)])) as ApiClient;

contextBridge.exposeInMainWorld(bridgeKey, client);
