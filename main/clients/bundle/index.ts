// Offline bundles for air-gapped sites: signing keys, build, verify and extract.
export * from './bundle-paths'
export * from './bundle-trust'
export * from './build-bundle'
export * from './manifest'
export * from './signing-keys'
export * from './verify-bundle'
