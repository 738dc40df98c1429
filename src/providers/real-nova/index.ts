/** Real Novas: Debian's python3-nova of every release, in containers (or the host's own). */
export { startRealNova, harnessDirectory, type RealNovaOptions, type RunningRealNova } from './launcher.js';
export { startRealNovaContainer, removeOrphanContainers, type RealNovaContainerOptions, type RunningNovaContainer } from './container-launcher.js';
export { RealNovaProvider, realNovaServes, type RealNovaProviderOptions, type RealNovaInstance, type RealNovaLauncherKind } from './real-nova-provider.js';
export { DEBIAN_NOVAS, findDebianNova, selectDebianNovas, harnessProfile, type DebianNova, type HarnessProfile } from './debian-releases.js';
export { checkRealNova, isRealNovaInstalled, realNovaSkipReason, INSTALL_HINT, SYSTEM_PYTHON, type RealNovaInstallation } from './prerequisites.js';
export { harnessWorld, type HarnessWorld, type HarnessTemplate } from './harness-world.js';
export { novaConf, REAL_NOVA_RPC_TIMEOUT_SECONDS } from './harness-config.js';
export { findOrBuildNovaImage, listNovaImages, imageTag, suiteTag, IMAGE_PACKAGES, type NovaImage, type FoundImage } from './images/index.js';
