/**
 * The Dockerfile analysis (dockerfile-ast, dockerfile-language-service, dockerfile-utils and every rule), loaded on
 * first use (`require('./dockerfileEngine')`), never imported: a bundle of its own (server/out/dockerfileEngine.js,
 * esbuild.mjs), so that a server or a `shipshape check` that sees only YAML never compiles it (issue 16 item 4). engines.ts loads it.
 */
export { DockerfileService } from './dockerfile';
export { ALL_RULES } from './dockerfile/rules';
// The Dockerfile model the Kubernetes analysis reads a linked Dockerfile's final USER and EXPOSE with
// (kubernetes/imageBuilds.ts), which loads this engine only when a manifest names an image built in the workspace.
export { EMPTY_CONFIG } from './dockerfile/config/hadolintConfig';
export { DockerfileContext } from './dockerfile/context';
export { parseDockerfile } from './dockerfile/parse/fromAst';
