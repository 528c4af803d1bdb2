/** Distribution points over SSH/SFTP: sessions, resumable verified uploads, removal. */
export { DistributionError, toDistributionError } from './errors'
export { remoteFilePath, resolveRoot } from './remote-path'
export { DpSession } from './session'
export type { DpSessionOptions } from './session'
export { remoteHashes, removeRemoteFolder, uploadFile } from './upload'
export type { DpFile, UploadOptions, UploadResult } from './upload'
