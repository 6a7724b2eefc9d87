/**
 * What the fuzzer types: tokens of YAML and Dockerfiles as issue 15 lists them (document markers, anchors and
 * aliases, tabs, `\r\n` and lone `\r`, unicode, long lines, continuations, heredocs, directives, JSON arrays, Go
 * template actions), mixed with the keys and values of real Deployments, HPAs and Dockerfiles so that edits keep
 * producing documents the rules look at, and the fixes the server offers.
 */

const SHARED = [
  '\n',
  '\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '  ',
  '    ',
  '#',
  '# ',
  '"',
  "'",
  '\\',
  ':',
  ': ',
  ',',
  '[',
  ']',
  '{',
  '}',
  '{{ .Values.image }}',
  '{{- if .Values.enabled }}',
  '{{ end }}',
  '{{',
  '}}',
  '${IMAGE}',
  '${REPLICAS:-1}',
  '$(VAR)',
  'é',
  'ü',
  '日本語',
  '😀',
  '\u200b',
  '\u2028',
  '\u202e',
  '\ufeff',
  'a\u0301',
  '\u0000',
  'x'.repeat(300),
  'y'.repeat(5000),
];

const YAML = [
  ...SHARED,
  '---\n',
  '---',
  '...\n',
  '- ',
  '-',
  '? ',
  '&anchor ',
  '*anchor',
  '<<: *anchor\n',
  '&a [1, 2]',
  '!!str ',
  '!tag ',
  '|\n',
  '>-\n',
  '%YAML 1.2\n',
  '%TAG ! tag:example.com,2000:\n',
  'apiVersion: apps/v1\n',
  'apiVersion: extensions/v1beta1\n',
  'apiVersion: autoscaling/v2beta1\n',
  'apiVersion: autoscaling/v2\n',
  'kind: Deployment\n',
  'kind: HorizontalPodAutoscaler\n',
  'metadata:\n  name: web\n',
  '  labels:\n',
  '  labels: {}\n',
  '    app: web\n',
  'spec:\n',
  '  replicas: 3\n',
  '  replicas: "3"\n',
  '  replicas: ${REPLICAS}\n',
  '  selector:\n    matchLabels:\n      app: web\n',
  '  template:\n',
  '    spec:\n',
  '      containers:\n',
  '      - name: web\n',
  '        image: nginx:latest\n',
  '        image: nginx\n',
  '        ports:\n        - containerPort: 80\n',
  '          name: http\n',
  '        resources:\n',
  '          limits:\n            cpu: 500m\n',
  '          requests: {}\n',
  '        readinessProbe:\n          httpGet:\n            port: http\n',
  '        securityContext:\n          runAsNonRoot: true\n',
  '  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n',
  '  minReplicas: 1\n  maxReplicas: 5\n',
  '  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 80\n',
  '  targetCPUUtilizationPercentage: 80\n',
  'null',
  '~',
  '{}',
  '[]',
  'true',
  '0x1F',
  '1e9',
  '-1',
  '"\\u0041"',
  "'it''s'",
  '# shipshape-ignore-next-line k8s/image-tag\n',
  '  strategy:\n    type: Recreate\n    rollingUpdate: null\n',
  '  creationTimestamp: null\n',
];

const DOCKERFILE = [
  ...SHARED,
  '# syntax=docker/dockerfile:1\n',
  '# escape=`\n',
  '# escape=\\\n',
  '# hadolint ignore=DL3008\n',
  '# check=skip=all\n',
  'FROM debian\n',
  'FROM alpine:3.20 AS build\n',
  'FROM build\n',
  'FROM --platform=$BUILDPLATFORM golang:1.22\n',
  'FROM scratch\n',
  'RUN apt-get update && apt-get install -y curl\n',
  'RUN apk add curl\n',
  'RUN cd /tmp && make\n',
  'RUN pip install flask\n',
  'RUN <<EOF\necho hi\nEOF\n',
  'COPY <<EOF /etc/conf\nx=1\nEOF\n',
  '<<EOF\n',
  'EOF\n',
  ' \\\n',
  '\\\n',
  '&& ',
  '| ',
  '; ',
  'COPY . /app\n',
  'COPY --from=build /out /out\n',
  'ADD https://example.com/a.tgz /a\n',
  'ADD . /dir\n',
  'WORKDIR app\n',
  'WORKDIR /app\n',
  'USER root\n',
  'USER 1000\n',
  'ENV A=1 B=2\n',
  'ENV PATH=$PATH:/x\n',
  'ARG VERSION=1\n',
  'EXPOSE 80/TCP\n',
  'EXPOSE 8080\n',
  'CMD ["node", "server.js"]\n',
  'CMD node server.js\n',
  'ENTRYPOINT ["sh", "-c", "x"]\n',
  '["a", "b"]',
  '["unterminated',
  'SHELL ["/bin/bash", "-c"]\n',
  'HEALTHCHECK CMD curl -f http://localhost/\n',
  'HEALTHCHECK NONE\n',
  'ONBUILD RUN make\n',
  'MAINTAINER me\n',
  'LABEL a=b\n',
  'STOPSIGNAL SIGTERM\n',
  'VOLUME /data\n',
  'RUN --mount=type=cache,target=/root/.cache pip install x\n',
  'from ubuntu\n',
  'run echo hi\n',
];

export function tokensFor(languageId: 'yaml' | 'dockerfile'): readonly string[] {
  return languageId === 'yaml' ? YAML : DOCKERFILE;
}

/** The documents the fuzzer starts from (and starts again from when one has grown too large). */
export const FUZZ_SEEDS: ReadonlyArray<{ languageId: 'yaml' | 'dockerfile'; text: string }> = [
  {
    languageId: 'yaml',
    text: `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
  labels:
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels: {}
    spec:
      containers:
        - name: web
          image: nginx:latest
          ports:
            - containerPort: 80
          resources:
            limits:
              cpu: 500m
---
apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: 80
`,
  },
  {
    languageId: 'yaml',
    text: '\r\napiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: api\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: api\r\n        image: ${IMAGE}\r\n',
  },
  {
    languageId: 'dockerfile',
    text: `# syntax=docker/dockerfile:1
FROM debian AS build
RUN apt-get update && apt-get install -y curl \\
    make
WORKDIR app
COPY . /src
RUN <<EOF
cd /src && make
EOF
FROM build
USER root
EXPOSE 80/TCP
CMD node server.js
`,
  },
];
