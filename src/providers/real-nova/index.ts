/** The real Nova (Debian python3-nova 26.2.2, Zed) as a launcher and a provider. */
export { startRealNova, harnessDirectory, type RealNovaOptions, type RunningRealNova } from './launcher.js';
export { RealNovaProvider, realNovaServes, REAL_NOVA_RELEASE, type RealNovaProviderOptions } from './real-nova-provider.js';
export { checkRealNova, isRealNovaInstalled, realNovaSkipReason, INSTALL_HINT, SYSTEM_PYTHON, type RealNovaInstallation } from './prerequisites.js';
export { harnessWorld, type HarnessWorld, type HarnessTemplate } from './harness-world.js';
export { apiPasteIni, novaConf, REAL_NOVA_RPC_TIMEOUT_SECONDS } from './harness-config.js';
