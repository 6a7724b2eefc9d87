/** What one `docker build` (or `podman build`, `nerdctl build`) needs. */
export interface BuildOptions {
  dockerfile: string;
  context: string;
  tag: string;
  target?: string;
  platform?: string;
  /** Values for ARGs, in the order they are passed. */
  buildArgs?: ReadonlyArray<readonly [string, string]>;
  /** Extra arguments from settings, passed before the context as they are. */
  extraArgs?: readonly string[];
}

/** The argument array for a build (no shell: every path and value is one argument, whatever it contains). */
export function dockerBuildArgs(options: BuildOptions): string[] {
  const args = ['build', '--file', options.dockerfile, '--tag', options.tag];
  if (options.target) args.push('--target', options.target);
  if (options.platform) args.push('--platform', options.platform);
  for (const [name, value] of options.buildArgs ?? []) args.push('--build-arg', `${name}=${value}`);
  args.push(...(options.extraArgs ?? []));
  args.push(options.context);
  return args;
}
