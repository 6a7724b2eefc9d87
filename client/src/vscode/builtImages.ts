import type * as vscode from 'vscode';
import type { ImageBuildRecord } from '../../../common/src/contract';

/** The workspaceState key of the images Build Image built in this workspace, each with its Dockerfile. */
const BUILT_IMAGES_KEY = 'shipshape.build.images';
/** Enough for any workspace's Dockerfiles; the oldest go first. */
const MAX_RECORDS = 50;

/**
 * The images Build Image built successfully in this workspace, one per Dockerfile (its latest), remembered across
 * sessions: the server links the manifests that run them to their Dockerfiles (the EXPOSE and USER cross-checks),
 * whatever the folders are called.
 */
export class BuiltImages {
  constructor(private readonly state: vscode.Memento) {}

  records(): ImageBuildRecord[] {
    const stored = this.state.get<unknown>(BUILT_IMAGES_KEY);
    return Array.isArray(stored)
      ? stored.filter(
          (record): record is ImageBuildRecord =>
            typeof record?.dockerfile === 'string' && typeof record?.image === 'string',
        )
      : [];
  }

  /** Records a build (Dockerfile URI, tag) and returns all the records. */
  async remember(dockerfile: string, image: string): Promise<ImageBuildRecord[]> {
    const records = [...this.records().filter((record) => record.dockerfile !== dockerfile), { dockerfile, image }];
    const kept = records.slice(-MAX_RECORDS);
    await this.state.update(BUILT_IMAGES_KEY, kept);
    return kept;
  }
}
