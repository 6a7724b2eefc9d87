import { apiVersionRule } from './apiVersion';
import { hpaMetricTargetRule } from './hpaMetricTarget';
import { hpaV1MetricsRule } from './hpaV1Metrics';
import { podFieldMisplacedRule } from './podFieldMisplaced';
import { podSpecUnderMetadataRule } from './podSpecUnderMetadata';
import type { KubernetesRule } from './rule';

/** Every Kubernetes rule, in the order their findings are listed. */
export const KUBERNETES_RULES: readonly KubernetesRule[] = [
  apiVersionRule,
  podFieldMisplacedRule,
  podSpecUnderMetadataRule,
  hpaV1MetricsRule,
  hpaMetricTargetRule,
];
