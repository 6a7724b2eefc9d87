import { hpaContainerMissingRule } from './hpaContainerMissing';
import { hpaDuplicateTargetRule } from './hpaDuplicateTarget';
import { hpaTargetMissingRule } from './hpaTargetMissing';
import { hpaTargetNoRequestsOnDeploymentRule, hpaTargetNoRequestsOnHpaRule } from './hpaTargetNoRequests';
import { replicasWithHpaRule } from './replicasWithHpa';
import type { WorkspaceRule } from './rule';

/** Rules across documents and files (an HPA and the Deployment it scales). */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  hpaTargetMissingRule,
  hpaTargetNoRequestsOnHpaRule,
  hpaTargetNoRequestsOnDeploymentRule,
  replicasWithHpaRule,
  hpaDuplicateTargetRule,
  hpaContainerMissingRule,
];
