/**
 * The Kubernetes analysis, as one unit that is loaded on first use (`require('./kubernetesEngine')`), never imported:
 * esbuild.mjs makes it a bundle of its own (server/out/kubernetesEngine.js) that the server, the CLI and the analysis
 * worker load beside them, so that the server answers `initialize` before Node has compiled it and `shipshape check`
 * of a Dockerfile never does (issue 16 item 4). Everything outside service/kubernetes that needs the analysis reaches
 * it through here (engines.ts loads it).
 */
export { KubernetesService, ignoreFixesFor } from './kubernetes';
export { kubernetesSemanticTokens } from './kubernetes/semanticTokens';
export { analyzeYamlDocument } from './kubernetes/analyze';
export { analyzeChunk, placeFindings } from './kubernetes/yamlFile';
export { KUBERNETES_RULES } from './kubernetes/rules';
export { WORKSPACE_RULES } from './kubernetes/workspaceRules';
export { SCHEMA_CODES } from './kubernetes/schemaValidation';
export { YAML_CODES } from './kubernetes/analyze';
// What the CLI and the server need only when they render a chart, build an overlay or read a YAML config: with the
// analysis, not in their own bundles (these hold the YAML parser).
export {
  checkRenderedChart,
  helmTemplateArgs,
  mergeRenderedFindings,
  parseRenderError,
  chartTestValueFiles,
  renderFailedFinding,
  splitRenderedChart,
} from './helm/rendered';
export { checkBuiltOverlay } from './kustomize/built';
export { overlayRootOf, walkOverlay } from './kustomize/overlay';
export { parse as parseYaml } from 'yaml';
