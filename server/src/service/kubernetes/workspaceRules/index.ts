import { hpaContainerMissingRule } from './hpaContainerMissing';
import { hpaDuplicateTargetRule } from './hpaDuplicateTarget';
import { hpaTargetMissingRule } from './hpaTargetMissing';
import { imagePortMismatchRule } from './imagePortMismatch';
import { imageUserRootRule } from './imageUserRoot';
import { imageUserNameRule } from './imageUserName';
import { hpaTargetNoRequestsOnDeploymentRule, hpaTargetNoRequestsOnHpaRule } from './hpaTargetNoRequests';
import { replicasWithHpaRule } from './replicasWithHpa';
import type { WorkspaceRule } from './rule';
import { pdbBlocksDrainRule, pdbSelectsNothingRule } from './pdbSelector';
import { serviceSelectsNothingRule } from './serviceSelectsNothing';
import { serviceTargetPortRule } from './serviceTargetPort';
import { headlessServiceRule, statefulSetServiceRule } from './statefulSetService';

/** Rules across documents and files (an HPA and what it scales, a Service or PDB and the pods it selects). */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  hpaTargetMissingRule,
  hpaTargetNoRequestsOnHpaRule,
  hpaTargetNoRequestsOnDeploymentRule,
  replicasWithHpaRule,
  hpaDuplicateTargetRule,
  hpaContainerMissingRule,
  serviceSelectsNothingRule,
  serviceTargetPortRule,
  statefulSetServiceRule,
  headlessServiceRule,
  pdbSelectsNothingRule,
  pdbBlocksDrainRule,
  imageUserRootRule,
  imageUserNameRule,
  imagePortMismatchRule,
];
