/** The lab fleet: simulated Debian-like and Windows-like SSH hosts on loopback for demos, training, scale and faults. */
export * from './lab-cli'
export * from './lab-fleet'
export * from './lab-host'
export * from './lab-shell'
export { LAB_WUA_INSTALL_COMMAND, labWuaInstallCommand } from './lab-shell-windows'
export { LAB_FAULTS, LAB_MAX_SESSIONS, type LabFault } from './lab-ssh-host'
