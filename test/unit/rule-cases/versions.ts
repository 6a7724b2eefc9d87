import { ADVISORY_OFF, spanOf, yaml } from '../../helpers/service';
import type { RuleCase } from './case';

/** Cases for the target Kubernetes version (issue 12 item 2): a field newer than the target is an error. */
const at = (version: string) => ({ ...ADVISORY_OFF, kubernetes: { version } });

/** `lifecycle.preStop.sleep` (1.29) and pod-level `resources` (1.32). */
export const NEWER_FIELDS = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        resources:
          limits:
            cpu: "1"
        containers:
          - name: web
            image: nginx:1.27
            lifecycle:
              preStop:
                sleep:
                  seconds: 5
`;

export const VERSION_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/schema-field-version',
    firing: [
      {
        text: NEWER_FIELDS,
        settings: at('1.28'),
        ranges: [spanOf(NEWER_FIELDS, 'resources'), spanOf(NEWER_FIELDS, 'sleep')],
      },
      // 1.29 has `sleep`, not pod-level `resources`.
      { text: NEWER_FIELDS, settings: at('1.31'), ranges: [spanOf(NEWER_FIELDS, 'resources')] },
    ],
    quiet: [
      { text: NEWER_FIELDS, settings: at('1.36') },
      { text: NEWER_FIELDS, settings: at('1.32') },
      // `auto` with no server version sent: the newest bundled.
      { text: NEWER_FIELDS, settings: at('auto') },
    ],
  },
];
