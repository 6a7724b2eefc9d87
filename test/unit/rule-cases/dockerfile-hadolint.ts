import { spanOf } from '../../helpers/service';
import type { Firing, RuleCase, Sample } from './case';

/**
 * Cases for the hadolint rules added for issue 13 (the DL rules Shipshape lacked): each fires with its exact range,
 * stays quiet on a near miss, and each fix is applied and re-validated clean. `at(text, needle...)` is a firing
 * sample whose findings sit on those pieces of the text.
 */
type Needle = string | [string, number];
function at(text: string, ...needles: Needle[]): Firing {
  return {
    text,
    ranges: needles.map((needle) => (typeof needle === 'string' ? spanOf(text, needle) : spanOf(text, ...needle))),
  };
}
const quiet = (text: string, options: Omit<Sample, 'text'> = {}): Sample => ({ text, ...options });
/** An off-by-default rule, turned on. */
const ON = (id: string) => ({ settings: { rules: { [id]: 'warning' } } });
const on = (id: string, firing: Firing): Firing => ({ ...firing, ...ON(id) });
/** A `.hadolint.yaml` with a label schema beside the Dockerfile. */
const SCHEMA = (schema: string, strict = false) => ({
  files: { '.hadolint.yaml': `label-schema:\n${schema}${strict ? 'strict-labels: true\n' : ''}` },
});
const withSchema = (firing: Firing, schema: string, strict = false): Firing => ({
  ...firing,
  ...SCHEMA(schema, strict),
});

const DEBIAN = 'FROM debian:12\n';
const CENTOS = 'FROM centos:7\n';
const FEDORA = 'FROM fedora:40\n';
const SUSE = 'FROM opensuse/leap:15.5\n';

export const DOCKERFILE_HADOLINT_CASES: readonly RuleCase[] = [
  {
    id: 'DL1001',
    firing: [on('DL1001', at(`${DEBIAN}# hadolint ignore=DL3003\nRUN cd /tmp && make\n`, '# hadolint ignore=DL3003'))],
    quiet: [quiet(`# hadolint global ignore=DL3003\n${DEBIAN}RUN cd /tmp && make\n`, ON('DL1001'))],
  },
  {
    id: 'DL3001',
    firing: [at(`${DEBIAN}RUN service nginx start\n`, 'service')],
    quiet: [quiet(`${DEBIAN}RUN echo service ps top > /etc/motd\n`)],
  },
  {
    id: 'DL3010',
    firing: [at(`${DEBIAN}COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n`, 'COPY')],
    quiet: [
      quiet(`${DEBIAN}COPY app.tar.gz /tmp/\nRUN sha256sum /tmp/app.tar.gz\n`),
      quiet(`${DEBIAN}COPY app.tar.gz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/app.tar.gz\n`),
    ],
  },
  {
    id: 'DL3016',
    firing: [on('DL3016', at('FROM node:20\nRUN npm install -g typescript @types/node@20.11.0\n', 'typescript'))],
    quiet: [
      quiet('FROM node:20\nRUN npm install -g typescript@5.4.5 @scope/pkg@next ./local\n', ON('DL3016')),
      quiet('FROM node:20\nRUN npm install --loglevel warn\n', ON('DL3016')),
    ],
  },
  {
    id: 'DL3028',
    firing: [on('DL3028', at('FROM ruby:3.3\nRUN gem install bundler rake:13.2.1\n', 'bundler'))],
    quiet: [quiet('FROM ruby:3.3\nRUN gem install bundler:2.5.6 && gem install rails -v 7.1.3\n', ON('DL3028'))],
  },
  {
    id: 'DL3029',
    // A constant platform on a stage named for it: BuildKit's twin is quiet there, so hadolint's finding is the one.
    firing: [at('FROM --platform=linux/arm64 debian:12 AS tools_arm64\nFROM debian:12\n', '--platform=linux/arm64')],
    quiet: [
      quiet('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM debian:12\n'),
      quiet('FROM --platform=${TARGETPLATFORM} debian:12\n'),
    ],
  },
  {
    id: 'DL3030',
    firing: [at(`${CENTOS}RUN yum install httpd && yum clean all\n`, 'yum install')],
    quiet: [quiet(`${CENTOS}RUN yum install -y httpd && yum clean all\n`)],
    fixes: [{ title: 'Add -y' }],
  },
  {
    id: 'DL3032',
    firing: [
      at(`${CENTOS}RUN yum install -y httpd\n`, 'yum install'),
      at(`${CENTOS}RUN yum clean all && yum install -y httpd \\\n    mod_ssl\n`, 'yum install'),
    ],
    quiet: [quiet(`${CENTOS}RUN yum install -y httpd \\\n    && yum clean all\n`)],
    fixes: [
      { title: 'Add && yum clean all to this RUN' },
      {
        title: 'Add && yum clean all to this RUN',
        on: { text: `${CENTOS}# the web server\nRUN yum install -y httpd \\\n    mod_ssl\n` },
      },
    ],
  },
  {
    id: 'DL3033',
    firing: [on('DL3033', at(`${CENTOS}RUN yum install -y httpd-2.4.6 mod_ssl && yum clean all\n`, 'mod_ssl'))],
    quiet: [
      quiet(`${CENTOS}RUN yum install -y httpd-2.4.6 mod_ssl-2.4.6-99.el7 && yum clean all\n`, ON('DL3033')),
      quiet(`${CENTOS}RUN yum module install -y nodejs:20 && yum clean all\n`, ON('DL3033')),
    ],
  },
  {
    id: 'DL3034',
    firing: [at(`${SUSE}RUN zypper install curl && zypper clean\n`, 'zypper install')],
    quiet: [quiet(`${SUSE}RUN zypper -n install curl && zypper clean\n`)],
    fixes: [{ title: 'Add --non-interactive' }],
  },
  {
    id: 'DL3035',
    firing: [at(`${SUSE}RUN zypper dist-upgrade -y\n`, 'zypper dist-upgrade')],
    quiet: [quiet(`${SUSE}RUN zypper update -y && zypper clean\n`)],
  },
  {
    id: 'DL3036',
    firing: [at(`${SUSE}RUN zypper install -y curl\n`, 'zypper install')],
    quiet: [quiet(`${SUSE}RUN --mount=type=cache,target=/var/cache/zypp zypper install -y curl\n`)],
    fixes: [{ title: 'Add && zypper clean --all to this RUN' }],
  },
  {
    id: 'DL3037',
    firing: [on('DL3037', at(`${SUSE}RUN zypper install -y curl=8.0.1 wget && zypper clean\n`, 'wget'))],
    quiet: [quiet(`${SUSE}RUN zypper install -y curl=8.0.1 'wget>=1.21' && zypper clean\n`, ON('DL3037'))],
  },
  {
    id: 'DL3038',
    firing: [at(`${FEDORA}RUN dnf install httpd && dnf clean all\n`, 'dnf install')],
    quiet: [quiet(`${FEDORA}RUN dnf install -y httpd && dnf clean all\n`)],
    fixes: [{ title: 'Add -y' }],
  },
  {
    id: 'DL3040',
    firing: [
      at(`${FEDORA}RUN dnf install -y httpd\n`, 'dnf install'),
      at('FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y jq\n', 'microdnf install'),
    ],
    quiet: [quiet(`${FEDORA}RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y httpd\n`)],
    fixes: [
      { title: 'Add && dnf clean all to this RUN' },
      {
        title: 'Add && microdnf clean all to this RUN',
        on: { text: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y jq\n' },
      },
    ],
  },
  {
    id: 'DL3041',
    firing: [on('DL3041', at(`${FEDORA}RUN dnf install -y httpd-2.4.62 mod_ssl && dnf clean all\n`, 'mod_ssl'))],
    quiet: [
      quiet(`${FEDORA}ARG V=2.4.62\nRUN dnf install -y httpd-\${V} && dnf clean all\n`, ON('DL3041')),
      quiet(`${FEDORA}RUN dnf group install -y "Development Tools" && dnf clean all\n`, ON('DL3041')),
    ],
  },
  {
    id: 'DL3046',
    firing: [at(`${DEBIAN}RUN useradd -u 1000000 app\n`, 'useradd')],
    quiet: [quiet(`${DEBIAN}RUN useradd -u 10001 app && useradd -l -u 1000000 other\n`)],
    fixes: [{ title: 'Add -l (--no-log-init)' }],
  },
  {
    id: 'DL3047',
    firing: [
      at(`${DEBIAN}RUN wget https://example.com/app.tar.gz\n`, 'wget'),
      at('FROM alpine:3.20\nRUN wget https://example.com/app.tar.gz\n', 'wget'),
    ],
    quiet: [quiet(`${DEBIAN}RUN wget -q https://example.com/a && wget -nv https://example.com/b\n`)],
    fixes: [{ title: 'Add --progress=dot:giga' }],
  },
  {
    id: 'DL3048',
    firing: [at(`${DEBIAN}LABEL Maintainer=me com.docker.thing=x\n`, 'Maintainer', 'com.docker.thing')],
    quiet: [quiet(`${DEBIAN}LABEL org.opencontainers.image.title=app maintainer=me\n`)],
  },
  {
    id: 'DL3049',
    firing: [withSchema(at(`${DEBIAN}LABEL a=b\n`, 'FROM'), '  version: semver\n')],
    quiet: [
      quiet(`${DEBIAN}LABEL version=1.0.0\n`, SCHEMA('  version: semver\n')),
      quiet(`FROM debian:12 AS base\nLABEL version=1.0.0\nFROM base\n`, SCHEMA('  version: semver\n')),
    ],
  },
  {
    id: 'DL3050',
    firing: [withSchema(at(`${DEBIAN}LABEL version=1.0.0 other=x\n`, 'other'), '  version: semver\n', true)],
    quiet: [
      quiet(`${DEBIAN}LABEL version=1.0.0\n`, SCHEMA('  version: semver\n', true)),
      quiet(`${DEBIAN}LABEL version=1.0.0 other=x\n`, SCHEMA('  version: semver\n')),
    ],
  },
  {
    id: 'DL3051',
    firing: [withSchema(at(`${DEBIAN}LABEL version=""\n`, 'version=""'), '  version: text\n')],
    quiet: [quiet(`${DEBIAN}LABEL version="1" other=""\n`, SCHEMA('  version: text\n'))],
  },
  {
    id: 'DL3052',
    firing: [withSchema(at(`${DEBIAN}LABEL homepage="not a url"\n`, '"not a url"'), '  homepage: url\n')],
    quiet: [quiet(`${DEBIAN}LABEL homepage="https://example.com/app"\n`, SCHEMA('  homepage: url\n'))],
  },
  {
    id: 'DL3053',
    firing: [withSchema(at(`${DEBIAN}LABEL created=yesterday\n`, 'yesterday'), '  created: rfc3339\n')],
    quiet: [quiet(`${DEBIAN}LABEL created=2024-05-01T12:00:00Z\n`, SCHEMA('  created: rfc3339\n'))],
  },
  {
    id: 'DL3054',
    firing: [withSchema(at(`${DEBIAN}LABEL license=MIT-ish\n`, 'MIT-ish'), '  license: spdx\n')],
    quiet: [quiet(`${DEBIAN}LABEL license=Apache-2.0\n`, SCHEMA('  license: spdx\n'))],
  },
  {
    id: 'DL3055',
    firing: [withSchema(at(`${DEBIAN}LABEL revision=main\n`, 'main'), '  revision: hash\n')],
    quiet: [quiet(`${DEBIAN}LABEL revision=8f936c5\n`, SCHEMA('  revision: hash\n'))],
  },
  {
    id: 'DL3056',
    firing: [withSchema(at(`${DEBIAN}LABEL version=1.0\n`, '1.0'), '  version: semver\n')],
    quiet: [quiet(`${DEBIAN}LABEL version=1.0.0-rc.1\n`, SCHEMA('  version: semver\n'))],
  },
  {
    id: 'DL3057',
    firing: [on('DL3057', at(`${DEBIAN}CMD ["app"]\n`, 'FROM'))],
    quiet: [quiet(`${DEBIAN}HEALTHCHECK CMD ["app", "--ping"]\nCMD ["app"]\n`, ON('DL3057'))],
  },
  {
    id: 'DL3058',
    firing: [withSchema(at(`${DEBIAN}LABEL maintainer=me\n`, 'me'), '  maintainer: email\n')],
    quiet: [quiet(`${DEBIAN}LABEL maintainer=me@example.com\n`, SCHEMA('  maintainer: email\n'))],
  },
  {
    id: 'DL3060',
    firing: [at('FROM node:20\nRUN yarn install --frozen-lockfile\n', 'yarn install')],
    quiet: [
      quiet('FROM node:20 AS build\nRUN yarn install\nFROM nginx:1.27\nCOPY --from=build /app /usr/share/nginx/html\n'),
      quiet('FROM node:20\nRUN yarn install && yarn cache clean\n'),
    ],
    fixes: [{ title: 'Add && yarn cache clean to this RUN' }],
  },
  {
    id: 'DL3062',
    firing: [on('DL3062', at('FROM golang:1.22\nRUN go install example.com/tool@latest\n', 'example.com/tool@latest'))],
    quiet: [quiet('FROM golang:1.22\nRUN go install example.com/tool@v1.2.3 ./cmd/app\n', ON('DL3062'))],
  },
  {
    id: 'DL3063',
    firing: [at('FROM debian:12 AS context\n', 'context')],
    quiet: [quiet('FROM debian:12 AS base\nFROM scratch\n')],
  },
  {
    id: 'DL3064',
    firing: [at(`${DEBIAN}ENV DOCKER_USERNAME=me\n`, 'DOCKER_USERNAME')],
    quiet: [quiet(`${DEBIAN}ENV DB_PASSWORD_FILE=/run/secrets/db\nARG DB_PASSWORD\n`)],
  },
  {
    id: 'DL3066',
    firing: [on('DL3066', at(`${DEBIAN}USER app:app\n`, 'app'))],
    quiet: [quiet(`${DEBIAN}ARG UID=10001\nUSER 10001:10001\nUSER \${UID}\n`, ON('DL3066'))],
  },
  {
    id: 'DL3067',
    firing: [at('FROM debian:12 AS build\nFROM scratch\nCOPY --from=build / /\n', '/')],
    quiet: [quiet('FROM debian:12 AS build\nFROM scratch\nCOPY --from=build /usr/bin/app /\n')],
  },
  {
    id: 'DL4001',
    firing: [at(`${DEBIAN}RUN curl -fsSLo /a https://example.com/a\nRUN wget -q https://example.com/b\n`, 'wget')],
    quiet: [
      quiet(`${DEBIAN}RUN curl -fsSLo /a https://example.com/a\nFROM alpine:3.20\nRUN wget -q https://example.com/b\n`),
    ],
  },
  {
    id: 'DL4005',
    firing: [at(`${DEBIAN}RUN ln -sf /bin/bash /bin/sh\n`, 'ln -sf /bin/bash /bin/sh')],
    quiet: [quiet(`${DEBIAN}RUN ln -sf /bin/bash /usr/local/bin/sh2\n`)],
  },
];
