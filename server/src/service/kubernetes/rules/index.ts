import { apiVersionRule } from './apiVersion';
import { cronJobScheduleRule } from './cronJobSchedule';
import { daemonSetReplicasRule } from './daemonSetReplicas';
import { pdbBudgetRule } from './pdbBudget';
import { restartPolicyRule } from './restartPolicy';
import { servicePortsRule } from './servicePorts';
import { statefulSetServiceNameRule } from './statefulSetServiceName';
import { containerImageRequiredRule } from './containerImageRequired';
import { containerNameDuplicateRule } from './containerNameDuplicate';
import { containerPortRule } from './containerPort';
import { envDuplicateRule } from './envDuplicate';
import { hpaBehaviorRule } from './hpaBehavior';
import { hpaMetricSourceRule } from './hpaMetricSource';
import { hpaMetricTargetRule } from './hpaMetricTarget';
import { hpaNamesRule } from './hpaNames';
import { hpaReplicasRule } from './hpaReplicas';
import { hpaTargetRefRule } from './hpaTargetRef';
import { hpaV1FieldInV2Rule } from './hpaV1FieldInV2';
import { hpaV1MetricsRule } from './hpaV1Metrics';
import { imageTagRule } from './imageTag';
import { imageReferenceRule } from './imageReference';
import { podFieldMisplacedRule } from './podFieldMisplaced';
import { podSpecUnderMetadataRule } from './podSpecUnderMetadata';
import { probePortRule } from './probePort';
import { probesRule } from './probes';
import { resourcesRequestsRule } from './resourcesRequests';
import type { KubernetesRule } from './rule';
import { deploymentNumbersRule } from './deploymentNumbers';
import { envSyntaxRule } from './envSyntax';
import { labelSyntaxRule } from './labelSyntax';
import { nameSyntaxRule } from './nameSyntax';
import { podTemplatePolicyRule } from './podTemplatePolicy';
import { portSyntaxRule } from './portSyntax';
import { probeConfigRule } from './probeConfig';
import { resourceQuantityRule } from './resourceQuantity';
import { rollingUpdateRule } from './rollingUpdate';
import { selectorRulesRule } from './selectorRules';
import { volumeConfigRule } from './volumeConfig';
import { volumeMountMissingRule } from './volumeMountMissing';
import { volumeSourceNameRule } from './volumeSourceName';
import { privilegeEscalationRule, readOnlyRootFilesystemRule, runAsNonRootRule } from './securityContext';
import { selectorMismatchRule } from './selectorMismatch';

/** Every per-document Kubernetes rule, in the order their findings are listed. */
export const KUBERNETES_RULES: readonly KubernetesRule[] = [
  apiVersionRule,
  podFieldMisplacedRule,
  podSpecUnderMetadataRule,
  selectorMismatchRule,
  containerNameDuplicateRule,
  containerImageRequiredRule,
  containerPortRule,
  envDuplicateRule,
  imageTagRule,
  imageReferenceRule,
  resourcesRequestsRule,
  probesRule,
  probePortRule,
  runAsNonRootRule,
  privilegeEscalationRule,
  readOnlyRootFilesystemRule,
  nameSyntaxRule,
  labelSyntaxRule,
  selectorRulesRule,
  rollingUpdateRule,
  deploymentNumbersRule,
  podTemplatePolicyRule,
  portSyntaxRule,
  envSyntaxRule,
  probeConfigRule,
  resourceQuantityRule,
  volumeConfigRule,
  volumeMountMissingRule,
  volumeSourceNameRule,
  hpaV1MetricsRule,
  hpaV1FieldInV2Rule,
  hpaMetricSourceRule,
  hpaMetricTargetRule,
  hpaNamesRule,
  hpaReplicasRule,
  hpaTargetRefRule,
  hpaBehaviorRule,
  restartPolicyRule,
  statefulSetServiceNameRule,
  daemonSetReplicasRule,
  cronJobScheduleRule,
  servicePortsRule,
  pdbBudgetRule,
];
