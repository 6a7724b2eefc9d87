// Copied from the team's shared perf kit so that `npm run bench` works in any clone: the baseline figures
// quoted in the issues were measured on exactly these inputs. Do not change the shapes without saying so.
// Generate benchmark inputs: k8s-N.yaml (N Deployments + N HPAs, multi-document),
// k8s-N-errors.yaml (same with 1 injected schema error per 10 pairs), Dockerfile-500.
// Usage: node gen-inputs.mjs <outdir>
import fs from 'node:fs';
import path from 'node:path';
const out = path.resolve(process.argv[2] || 'inputs');
fs.mkdirSync(out, { recursive: true });

function deployment(i, bad) {
  const n = `app-${String(i).padStart(4, '0')}`,
    ns = `team-${i % 7}`;
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${n}
    app.kubernetes.io/part-of: shop
spec:
  replicas: ${bad ? '"two"' : 2 + (i % 3)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${n}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${n}
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/${n}:1.${i % 10}.${i % 5}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              value: db.${ns}.svc.cluster.local
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: "1"
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /livez
              port: 8080
          volumeMounts:
            - name: config
              mountPath: /etc/app
        - name: proxy
          image: registry.example.com/infra/proxy:2.${i % 4}
          ${bad ? 'unknownField: 1\n          ' : ''}args: ["--upstream=127.0.0.1:8080", "--port=9090"]
          env:
            - name: PROXY_MODE
              value: sidecar
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
      volumes:
        - name: config
          configMap:
            name: ${n}-config
`;
}
function hpa(i) {
  const n = `app-${String(i).padStart(4, '0')}`;
  return `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${n}
  namespace: team-${i % 7}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${n}
  minReplicas: 2
  maxReplicas: ${10 + (i % 5)}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;
}
const stats = {};
for (const N of [10, 100, 1000]) {
  for (const withErr of [false, true]) {
    let s = '';
    for (let i = 0; i < N; i++) s += deployment(i, withErr && i % 10 === 5) + hpa(i);
    const f = `k8s-${N}${withErr ? '-errors' : ''}.yaml`;
    fs.writeFileSync(path.join(out, f), s);
    stats[f] = { lines: s.split('\n').length - 1, bytes: Buffer.byteLength(s) };
  }
}
stats.linesPerDeployment = deployment(0, false).split('\n').length - 1;
stats.linesPerHpa = hpa(0).split('\n').length - 1;

// Dockerfile: ~52 instructions per stage; 10 stages ~ 500 instructions
/** @returns {[string, number]} the Dockerfile and its instruction count */
function dockerfile(STAGES) {
  let d = '# syntax=docker/dockerfile:1\nARG BASE_IMAGE=debian:bookworm-slim\nARG NODE_VERSION=20\n';
  let count = 3 - 1; // ARG, ARG (comment is not an instruction)
  for (let s = 0; s < STAGES; s++) {
    const last = s === STAGES - 1;
    d += `\nFROM \${BASE_IMAGE} AS stage${s}\n`;
    d += `ARG BUILD_ID=${s}\nARG TARGETARCH\n`;
    d += `ENV APP_HOME=/opt/app${s} \\\n    PATH=/opt/app${s}/bin:$PATH \\\n    LANG=C.UTF-8\n`;
    d += `LABEL org.opencontainers.image.title="stage${s}" org.opencontainers.image.version="1.${s}.0"\n`;
    d += `WORKDIR /opt/app${s}\n`;
    count += 7;
    for (let r = 0; r < 9; r++) {
      d += `RUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl ca-certificates pkg${s}-${r} && \\\n    mkdir -p /opt/app${s}/lib${r} && \\\n    rm -rf /var/lib/apt/lists/*\n`;
      d += `ENV STEP_${s}_${r}=done\n`;
      d += `COPY --chown=1000:1000 src/mod${r}/ /opt/app${s}/lib${r}/\n`;
      d += `RUN --mount=type=cache,target=/root/.cache set -eux; \\\n    cd /opt/app${s}/lib${r} && ./build.sh --arch "$TARGETARCH" && echo ok\n`;
      count += 4;
    }
    if (s > 0) {
      d += `COPY --from=stage${s - 1} /opt/app${s - 1} /opt/prev\n`;
      count++;
    }
    d += `EXPOSE ${8000 + s}\nUSER 1000:1000\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:${8000 + s}/healthz || exit 1\n`;
    d += `VOLUME ["/data${s}"]\nSTOPSIGNAL SIGTERM\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nONBUILD RUN echo onbuild${s}\n`;
    d += last ? `ENTRYPOINT ["/opt/app${s}/bin/server"]\nCMD ["--port", "${8000 + s}"]\n` : `CMD ["true"]\n`;
    count += 7 + (last ? 2 : 1);
  }
  return [d, count];
}
for (const [name, st] of /** @type {Array<[string, number]>} */ ([
  ['Dockerfile-500', 10],
  ['Dockerfile-1000', 20],
  ['Dockerfile-2000', 40],
])) {
  const [d, count] = dockerfile(st);
  fs.writeFileSync(path.join(out, name), d);
  stats[name] = { instructions: count, lines: d.split('\n').length - 1, bytes: Buffer.byteLength(d) };
}
console.log(JSON.stringify(stats, null, 1));
