import { ADVISORY_OFF, HARDENED_DEPLOYMENT as D, HPA_FOR_WEB as H, spanOf, spanOfValue } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the rules across documents and files, on the fixtures of kubernetes-workspace tests: the sample is the
 * open file, `files` the rest of the workspace (indexed, as the server indexes files on disk).
 */
const noCpu = edit(D, '              cpu: 100m\n', '');
const withReplicas = edit(D, 'spec:\n  selector', 'spec:\n  replicas: 3\n  selector');
const secondHpa = edit(H, 'metadata:\n  name: web', 'metadata:\n  name: web-memory');
const containerMetric = (container: string) =>
  edit(
    edit(H, 'type: Resource', 'type: ContainerResource'),
    '      resource:\n        name: cpu\n',
    `      containerResource:\n        name: cpu\n        container: ${container}\n`,
  );
const wrongContainer = containerMetric('wbe');
const inShop = edit(D, '  name: web\n', '  name: web\n  namespace: shop\n');
const explicitDefault = edit(H, '  name: web\nspec', '  name: web\n  namespace: default\nspec');
const STRICT = { ...ADVISORY_OFF, kubernetes: { strictTargets: true } };

export const WORKSPACE_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/hpa-target-missing',
    firing: [
      { text: H, name: 'hpa.yaml', settings: STRICT, ranges: [spanOfValue(H, '    name')] },
      { text: H, name: 'hpa.yaml', files: { 'deploy.yaml': inShop }, ranges: [spanOfValue(H, '    name')] },
    ],
    quiet: [
      { text: H, name: 'hpa.yaml' },
      { text: explicitDefault, name: 'hpa.yaml', files: { 'deploy.yaml': D }, settings: STRICT },
    ],
  },
  {
    id: 'k8s/hpa-target-no-requests',
    firing: [
      { text: H, name: 'hpa.yaml', files: { 'deploy.yaml': noCpu }, ranges: [spanOfValue(H, '        name')] },
      { text: noCpu, name: 'deploy.yaml', files: { 'hpa.yaml': H }, ranges: [spanOf(noCpu, 'web', 4)] },
    ],
    quiet: [
      { text: H, name: 'hpa.yaml', files: { 'deploy.yaml': D } },
      { text: D, name: 'deploy.yaml', files: { 'hpa.yaml': H } },
    ],
    fixes: [{ title: 'Add a cpu request (100m)', on: { text: noCpu, name: 'deploy.yaml', files: { 'hpa.yaml': H } } }],
  },
  {
    id: 'k8s/replicas-with-hpa',
    firing: [
      { text: withReplicas + '---\n' + H, ranges: [spanOf(withReplicas, 'replicas')] },
      { text: withReplicas, name: 'deploy.yaml', files: { 'hpa.yaml': H }, ranges: [spanOf(withReplicas, 'replicas')] },
    ],
    quiet: [{ text: withReplicas, name: 'deploy.yaml' }, { text: D + '---\n' + H }],
    fixes: [
      { title: 'Remove spec.replicas (the HPA sets it)' },
      {
        title: 'Remove spec.replicas (the HPA sets it)',
        on: { text: withReplicas, name: 'deploy.yaml', files: { 'hpa.yaml': H } },
      },
    ],
  },
  {
    id: 'k8s/hpa-duplicate-target',
    firing: [
      {
        text: H,
        name: 'a.yaml',
        files: { 'deploy.yaml': D, 'b.yaml': secondHpa },
        ranges: [spanOfValue(H, '    name')],
      },
    ],
    quiet: [
      {
        text: H,
        name: 'a.yaml',
        files: { 'deploy.yaml': D, 'b.yaml': edit(secondHpa, '    name: web\n', '    name: api\n') },
      },
    ],
  },
  {
    id: 'k8s/hpa-container-missing',
    firing: [
      {
        text: wrongContainer,
        name: 'hpa.yaml',
        files: { 'deploy.yaml': D },
        ranges: [spanOfValue(wrongContainer, '        container')],
      },
    ],
    quiet: [{ text: containerMetric('web'), name: 'hpa.yaml', files: { 'deploy.yaml': D } }],
    fixes: [{ title: 'Change the container to "web"' }],
  },
];
