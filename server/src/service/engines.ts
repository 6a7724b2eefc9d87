/**
 * The two analysis engines, loaded on first use: a `require` here, never an `import` (which would load them with
 * whatever imports this). In the bundles each engine is a file of its own beside the requiring bundle (esbuild.mjs).
 * Node loads a module once, so every caller in a process shares one engine and its module state.
 */
export type KubernetesEngine = typeof import('./kubernetesEngine');
export type DockerfileEngine = typeof import('./dockerfileEngine');

export function kubernetesEngine(): KubernetesEngine {
  return require('./kubernetesEngine') as KubernetesEngine;
}

export function dockerfileEngine(): DockerfileEngine {
  return require('./dockerfileEngine') as DockerfileEngine;
}
