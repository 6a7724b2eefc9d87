/**
 * The semantic token types and modifiers of semanticTokens.ts, in a file of their own: the server announces them in
 * its `initialize` result, before it loads the Kubernetes analysis.
 */
export const SEMANTIC_TOKEN_LEGEND = { tokenTypes: ['type', 'namespace'], tokenModifiers: ['deprecated'] };
