// Update content: resumable verified downloads, owner-only source folders, and folder verification.
export * from './content-names'
export * from './digest'
export * from './download'
export * from './source-folder'
export * from './verify-folder'
export * from './wsus-content'
export * from './read-folder'
