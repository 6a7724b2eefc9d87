import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyEdits } from '../../server/src/service';
import { check, df, fix, makeDockerfile, rangesOf, serviceFor } from '../helpers/dockerfile';
import { codesAndRanges } from '../helpers/service';

/**
 * The precision classes of issue 9 (false errors and noisy warnings on real Dockerfiles), each with Dockerfiles
 * written for the purpose: quiet on what builds and works, still firing with the exact range on the real mistake.
 * "Error" means BuildKit refuses the file or the image cannot work as written.
 */

const PRECISION = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'dockerfile', 'precision');

const errors = (text: string) =>
  codesAndRanges(check(text).filter((found) => found.severity === DiagnosticSeverity.Error));
const severityOf = (text: string, code: string) => check(text).find((found) => found.code === code)?.severity;

/** Applies fix-all (preferred fixes only) until nothing changes, as `--fix` and source.fixAll do. */
function fixAll(text: string): string {
  for (let round = 0; round < 10; round++) {
    const { document, folder } = makeDockerfile(text);
    const edits = serviceFor(folder).fixAll(document);
    if (edits.length === 0) return text;
    text = applyEdits(text, edits);
  }
  throw new Error('fix-all did not converge');
}

describe('Dockerfile precision: templates are skipped with one note', () => {
  const TEMPLATES: Array<[string, string, string]> = [
    [
      'jq template (docker-library)',
      '{{\n  def is_alpine: env.variant | startswith("alpine");\n-}}\nFROM {{ env.from }}\n{{ if is_alpine then ( -}}\nRUN apk add --no-cache tzdata\n{{ ) else "" end -}}\nCMD ["python3"]\n',
      'dockerfile/template@0:0-0:2',
    ],
    [
      'Go template in FROM',
      'FROM debian:{{ env.variant }}-slim\nRUN apt-get update\nENV PG_MAJOR {{ .major }}\n',
      'dockerfile/template@0:12-0:14',
    ],
    ['Jinja template', '{% if base %}\nFROM {{ base }}\n{% endif %}\nRUN make\n', 'dockerfile/template@0:0-0:2'],
    [
      '%%NAME%% placeholders replaced by a script (nginx)',
      'FROM nginx:%%NGINX_VERSION%%-alpine\nRUN set -x \\\n    && pkgs="%%PACKAGES%%\n    " \\\n    && apk add $pkgs\n',
      'dockerfile/template@0:11-0:28',
    ],
  ];
  for (const [name, text, range] of TEMPLATES) {
    it(`${name}: exactly one information diagnostic`, () => {
      const findings = check(text, { name: 'Dockerfile.template' });
      assert.deepEqual(codesAndRanges(findings), [range]);
      assert.equal(findings[0].severity, DiagnosticSeverity.Information);
      assert.match(findings[0].message, /template .*skipped it/);
      assert.deepEqual(findings[0].fixes, []);
    });
  }

  it('a real Dockerfile with {{ }} inside quotes or a here-document is checked, not skipped', () => {
    const text = df`
      FROM docker:27-cli
      RUN docker inspect --format '{{.Id}}' app > /id
      LABEL org.example.format="{{ json . }}"
      COPY <<EOF /etc/app.tmpl
      Hello {{ .Name }}
      EOF
      CMD ["cat", "/id"]
    `;
    assert.deepEqual(codesAndRanges(check(text)), []);
    const unquotedFormat = 'FROM docker:27-cli\nRUN docker ps --format {{.Names}} > /names\nCMD ["cat", "/names"]\n';
    assert.deepEqual(
      codesAndRanges(check(unquotedFormat)),
      [],
      'an unquoted docker format string in RUN is not a template',
    );
    assert.deepEqual(rangesOf('FROM debian:12\nRUN {{ .install }}\n', 'dockerfile/template'), [
      'dockerfile/template@1:4-1:6',
    ]);
  });
});

describe('Dockerfile precision: a file named as a template is skipped with one note', () => {
  // A generator's template whose placeholders are whole shell lines a script replaces (nodejs/docker-node's style,
  // written for this test): the placeholder line ends the RUN's continuation, so its text is no Dockerfile, and no
  // marker in it tells.
  const GENERATED = df`
    FROM debian:bookworm-slim
    RUN ARCH= && dpkgArch="$(dpkg --print-architecture)" \
      && case "\${dpkgArch##*-}" in \
        "\${ARCH_CASES[@]}"
      esac \
      && echo "$ARCH"
    CMD ["node"]
  `;

  for (const name of ['Dockerfile-debian.template', 'Dockerfile.tmpl', 'Dockerfile.j2', 'Dockerfile.in']) {
    it(`${name}: one information note at the file's start, nothing else`, () => {
      const findings = check(GENERATED, { name });
      assert.deepEqual(codesAndRanges(findings), ['dockerfile/template@0:0-0:0']);
      assert.equal(findings[0].severity, DiagnosticSeverity.Information);
      assert.match(
        findings[0].message,
        new RegExp(`its name ends with \\${name.slice(name.lastIndexOf('.'))}\\).*skipped it`),
      );
    });
  }

  it('the same text named Dockerfile (or Dockerfile.debian) is checked: the name is what makes it a template', () => {
    for (const name of ['Dockerfile', 'Dockerfile.debian', 'Dockerfile-node']) {
      const codes = check(GENERATED, { name }).map((found) => found.code);
      assert.ok(codes.includes('dockerfile/unknown-instruction'), `${name}: ${codes.join(', ')}`);
      assert.ok(!codes.includes('dockerfile/template'), name);
    }
  });
});

describe('Dockerfile precision: ADD of local files is a warning (BuildKit builds it)', () => {
  it('ADD . /app: DL3020 warning with the exact range, no error; the COPY fix is preferred and validates clean', () => {
    const text = 'FROM node:20-slim\nWORKDIR /app\nADD . /app\nCMD ["node", "server.js"]\n';
    assert.deepEqual(errors(text), []);
    assert.deepEqual(rangesOf(text, 'DL3020'), ['DL3020@2:0-2:3']);
    assert.equal(severityOf(text, 'DL3020'), DiagnosticSeverity.Warning);
    const fixed = fixAll(text);
    assert.equal(fixed, 'FROM node:20-slim\nWORKDIR /app\nCOPY . /app\nCMD ["node", "server.js"]\n');
    assert.deepEqual(codesAndRanges(check(fixed)), []);
  });

  it('quiet on archives of every extension hadolint knows, and on URLs', () => {
    const text =
      'FROM debian:12\nADD rootfs.tar.lzma /\nADD a.tZ b.tlz c.tpz /opt/\nADD "https://example.com/x.bin" /x.bin\n';
    assert.deepEqual(rangesOf(text, 'DL3020'), []);
  });
});

describe('Dockerfile precision: WORKDIR (DL3000)', () => {
  it('a relative WORKDIR after an absolute one (or one inherited FROM a stage) is quiet', () => {
    const text =
      'FROM golang:1.22 AS build\nWORKDIR /src\nWORKDIR cmd/app\nRUN go build -o /app\nFROM build AS test\nWORKDIR internal\nRUN go test ./...\n';
    assert.deepEqual(rangesOf(text, 'DL3000'), []);
  });

  it('a relative WORKDIR with none before it: a warning with the exact range, and a fix that is only a suggestion', () => {
    const text = 'FROM debian:12\nWORKDIR app\nRUN make\n';
    assert.deepEqual(rangesOf(text, 'DL3000'), ['DL3000@1:8-1:11']);
    assert.equal(severityOf(text, 'DL3000'), DiagnosticSeverity.Warning);
    const found = check(text).find((candidate) => candidate.code === 'DL3000');
    assert.equal(found?.fixes[0].isPreferred, false, 'the fix guesses the base image works in /');
    assert.equal(fixAll(text), text, 'fix-all leaves it alone');
  });
});

describe('Dockerfile precision: cd inside RUN (DL3003)', () => {
  it('quiet on the build-and-clean-up chain, on cd in a subshell and inside an if', () => {
    const text = df`
      FROM debian:12
      RUN set -eux; \\
          cd /usr/src/python; \\
          ./configure && make -j "$(nproc)" && make install; \\
          cd /; \\
          rm -rf /usr/src/python
      COPY a /a
      RUN (cd /tmp && make) && rm -rf /tmp/build
      COPY b /b
      RUN if [ -d /opt/x ]; then cd /opt/x && make; fi
    `;
    assert.deepEqual(rangesOf(text, 'DL3003'), []);
  });

  it('fires on a cd that ends its RUN (it changes nothing), with the exact range', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nRUN mkdir -p /app && cd /app\n', 'DL3003'), ['DL3003@1:21-1:28']);
    assert.deepEqual(rangesOf('FROM debian:12\nRUN cd /app\n', 'DL3003'), ['DL3003@1:4-1:11']);
  });
});

describe('Dockerfile precision: pipes (DL4006)', () => {
  it('quiet on echo/printf into a checksum tool, and on case patterns written a | b)', () => {
    const text = df`
      FROM debian:12
      RUN echo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -
      COPY a /a
      RUN if [ -n "$SUM" ]; then echo "$SUM *x.tgz" | sha256sum -c -; fi
      COPY b /b
      RUN dpkgArch="$(dpkg --print-architecture)"; \\
          case "$dpkgArch" in \\
            amd64 | arm64) echo ok ;; \\
            x86_64|aarch64) echo ok ;; \\
            *) exit 1 ;; \\
          esac
      COPY c /c
      RUN printf '%s\\n' "$KEY" | gpg --import
    `;
    assert.deepEqual(rangesOf(text, 'DL4006'), []);
  });

  it('still fires on a pipe whose left side can fail, at that pipe', () => {
    const text = 'FROM debian:12\nRUN echo start | cat && curl -fsSL https://example.com/x.tgz | tar -xz\n';
    assert.deepEqual(rangesOf(text, 'DL4006'), ['DL4006@1:61-1:62']);
  });

  it('a pipe after the case is still seen', () => {
    const text = 'FROM debian:12\nRUN case "$a" in x|y) b=1 ;; esac; curl -fsS https://example.com | sh\n';
    assert.deepEqual(rangesOf(text, 'DL4006'), ['DL4006@1:65-1:66']);
  });
});

describe('Dockerfile precision: apt-get (DL3009, DL3014)', () => {
  it('DL3009 is quiet when apt-get dist-clean removes the lists (Debian trixie images)', () => {
    const text =
      'FROM debian:trixie-slim\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; apt-get dist-clean\n';
    assert.deepEqual(codesAndRanges(check(text)), []);
    assert.deepEqual(rangesOf(text.replace('; apt-get dist-clean', ''), 'DL3009'), ['DL3009@1:14-1:28']);
  });

  it('DL3014 is quiet on -s (a simulation never asks) and on -q twice, as hadolint reads -qq', () => {
    const text = df`
      FROM debian:12
      RUN if apt-get install -s "postgresql-16-jit" > /dev/null 2>&1; then echo jit; fi
      COPY a /a
      RUN apt-get update && apt-get -q -q install --no-install-recommends curl && apt-get install --quiet=2 --no-install-recommends git && rm -rf /var/lib/apt/lists/*
    `;
    assert.deepEqual(rangesOf(text, 'DL3014'), []);
    assert.deepEqual(
      codesAndRanges(check('FROM debian:12\nRUN if apt-get install -s pg-jit > /dev/null; then echo jit; fi\n')),
      [],
      'nor DL3015: nothing is installed',
    );
    assert.deepEqual(rangesOf('FROM debian:12\nRUN apt-get -q install --no-install-recommends git\n', 'DL3014'), [
      'DL3014@1:4-1:22',
    ]);
  });
});

describe('Dockerfile precision: secrets (SecretsUsedInArgOrEnv)', () => {
  it("quiet on public GPG key fingerprints, and on BuildKit's exemptions (*_FILE, *_VERSION, public)", () => {
    const text = df`
      FROM python:3.12
      ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305
      ENV PGP_KEY="A035C8C19219BA821ECEA86B64E628F8D684696D 0x1234567890ABCDEF"
      ENV POSTGRES_PASSWORD_FILE=/run/secrets/pg TOKEN_VERSION=2 PUBLIC_KEY=abc
    `;
    assert.deepEqual(rangesOf(text, 'SecretsUsedInArgOrEnv'), []);
  });

  it('fires on a secret name with a non-fingerprint value, or with no value', () => {
    const text = 'FROM debian:12\nARG GPG_KEY\nENV API_KEY=abc123\nENV DB_PASSWORD secretvalue\n';
    assert.deepEqual(rangesOf(text, 'SecretsUsedInArgOrEnv'), [
      'SecretsUsedInArgOrEnv@1:4-1:11',
      'SecretsUsedInArgOrEnv@2:4-2:11',
      'SecretsUsedInArgOrEnv@3:4-3:15',
    ]);
  });
});

describe('Dockerfile precision: severities follow "error = BuildKit refuses it or the image cannot work"', () => {
  const WARNINGS: Array<[string, string]> = [
    ['DL3000', 'FROM debian:12\nWORKDIR app\n'],
    ['DL3004', 'FROM debian:12\nRUN sudo make install\n'],
    ['DL3012', 'FROM debian:12\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n'],
    ['DL3020', 'FROM debian:12\nADD app.py /app/\n'],
    ['DL3024', 'FROM debian:12 AS build\nFROM debian:12 AS build\n'],
    ['DL3044', 'FROM debian:12\nENV A=1 B=$A\n'],
    ['DL4004', 'FROM debian:12\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n'],
  ];
  for (const [code, text] of WARNINGS) {
    it(`${code} is a warning (BuildKit builds it)`, () => {
      assert.equal(severityOf(text, code), DiagnosticSeverity.Warning);
      assert.deepEqual(errors(text), []);
    });
  }

  it('DL3026 (a policy from trustedRegistries) is a warning', () => {
    const findings = check('FROM debian:12\n', {
      files: { '.hadolint.yaml': 'trustedRegistries:\n  - registry.example.com\n' },
    });
    assert.equal(findings.find((found) => found.code === 'DL3026')?.severity, DiagnosticSeverity.Warning);
  });

  const ERRORS: Array<[string, string, string]> = [
    ['DL3011 (BuildKit: invalid containerPort)', 'FROM debian:12\nEXPOSE 70000\n', 'DL3011@1:7-1:12'],
    ['DL3021 (the last source overwrites the others)', 'FROM debian:12\nCOPY a b /dest\n', 'DL3021@1:9-1:14'],
    ['DL3023 (BuildKit: circular dependency)', 'FROM debian:12 AS app\nCOPY --from=app /a /b\n', 'DL3023@1:12-1:15'],
    [
      'DL3043 (BuildKit: FROM is not allowed as an ONBUILD trigger)',
      'FROM debian:12\nONBUILD FROM debian:12\n',
      'DL3043@1:8-1:12',
    ],
    ['DL3061 (BuildKit: no build stage)', 'LABEL a=b\nFROM debian:12\n', 'DL3061@0:0-0:5'],
  ];
  for (const [name, text, range] of ERRORS) {
    it(`${name} stays an error`, () => {
      assert.deepEqual(errors(text), [range]);
    });
  }

  it('DL3021: a quoted destination with a trailing slash is fine; "." builds with BuildKit (a warning); the fix keeps the quotes', () => {
    assert.deepEqual(rangesOf('FROM debian:12\nCOPY a b "/dest/"\nCOPY c d \'/e/\'\n', 'DL3021'), []);
    assert.equal(
      severityOf('FROM debian:12\nWORKDIR /app\nCOPY package.json package-lock.json .\n', 'DL3021'),
      DiagnosticSeverity.Warning,
    );
    assert.equal(fix('FROM debian:12\nCOPY a b "/dest"\n', 'DL3021'), 'FROM debian:12\nCOPY a b "/dest/"\n');
  });

  it('.hadolint.yaml override still sets the severity of a milder case', () => {
    const files = { '.hadolint.yaml': 'override:\n  error:\n    - DL3021\n' };
    const findings = check('FROM debian:12\nWORKDIR /app\nCOPY a b .\n', { files });
    assert.equal(findings.find((found) => found.code === 'DL3021')?.severity, DiagnosticSeverity.Error);
  });
});

describe('Dockerfile precision: RUN --mount without target', () => {
  it('quiet after a WORKDIR other than / (BuildKit mounts on the working directory)', () => {
    const text =
      'FROM golang:1.22\nWORKDIR /src\nRUN --mount=type=bind --mount=type=cache,target=/root/.cache go build ./...\n';
    assert.deepEqual(codesAndRanges(check(text)), []);
  });

  it('a warning with no WORKDIR before it, an error after WORKDIR /', () => {
    const noWorkdir = 'FROM golang:1.22\nRUN --mount=type=bind go build ./...\n';
    assert.deepEqual(rangesOf(noWorkdir, 'dockerfile/flag-value'), ['dockerfile/flag-value@1:4-1:21']);
    assert.equal(severityOf(noWorkdir, 'dockerfile/flag-value'), DiagnosticSeverity.Warning);
    const root = 'FROM golang:1.22\nWORKDIR /\nRUN --mount=type=bind go build ./...\n';
    assert.deepEqual(errors(root), ['dockerfile/flag-value@2:4-2:21']);
  });
});

describe('Dockerfile precision: fix-all keeps the meaning and invents nothing', () => {
  it('applies only fixes that keep the meaning; suggestions stay offered', () => {
    const text = df`
      FROM debian:12
      WORKDIR app
      RUN apt-get update && apt-get install curl
      RUN curl -fsSL https://example.com/x.tgz | tar -xz
      RUN apt-get install -y git
      ADD . /srv/
      CMD node server.js
    `;
    const fixed = fixAll(text);
    assert.equal(
      fixed,
      df`
        FROM debian:12
        WORKDIR app
        RUN apt-get update && apt-get install -y curl
        RUN curl -fsSL https://example.com/x.tgz | tar -xz
        RUN apt-get install -y git
        COPY . /srv/
        CMD ["node", "server.js"]
      `,
    );
    // What is left is only what needs a human: the base image's WORKDIR, which packages to install, the shell.
    assert.deepEqual(errors(fixed), []);
    const left = check(fixed).map((found) => found.code);
    for (const code of ['DL3000', 'DL3015', 'DL4006', 'DL3009'])
      assert.ok(left.includes(code), `${code} stays offered: ${left.join(', ')}`);
  });

  it('LegacyKeyValueFormat: fix-all rewrites plain values, and leaves values whose spacing or quoting it would change', () => {
    const text = "FROM debian:12\nENV PATH /opt/app/bin:$PATH\nENV GREETING hello   world\nENV NOTE it's\n";
    assert.equal(
      fixAll(text),
      "FROM debian:12\nENV PATH=/opt/app/bin:$PATH\nENV GREETING hello   world\nENV NOTE it's\n",
    );
    assert.deepEqual(rangesOf(fixAll(text), 'LegacyKeyValueFormat'), [
      'LegacyKeyValueFormat@2:4-2:26',
      'LegacyKeyValueFormat@3:4-3:13',
    ]);
  });

  it("DL3009's clean-up is preferred when no later RUN needs the lists", () => {
    const text = 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n';
    assert.equal(
      fixAll(text),
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('every preferred Dockerfile fix re-validates without new findings of its own rule', () => {
    const samples = [
      'from debian:12 as Build\nRUN apk add curl\nRUN pip install flask==3.0.0\nEXPOSE 80/TCP\nENV A 1\nFROM --platform=$TARGETPLATFORM alpine:3.20\nRUN apt upgrade -y\nCOPY a b /c\nMAINTAINER Jane\n',
    ];
    for (const sample of samples) {
      const fixed = fixAll(sample);
      const before = new Set(
        check(sample)
          .filter((found) => found.fixes.some((candidate) => candidate.isPreferred))
          .map((found) => found.code),
      );
      assert.ok(before.size >= 8, `the sample exercises many fixes: ${[...before].join(', ')}`);
      const after = check(fixed).filter((found) => before.has(found.code));
      assert.deepEqual(codesAndRanges(after), [], `left after fix-all:\n${fixed}`);
    }
  });
});

describe('Dockerfile precision: fixtures in the style of real repositories (written for these tests)', () => {
  const EXPECTED: Record<string, string[]> = {
    // Source build with cd/cd-back, echo | sha256sum, a GPG fingerprint, case patterns: only hadolint's DL3047 (an
    // information: `wget -O file url` still writes its progress bar, a line per few kilobytes, into the build log).
    'official-image.Dockerfile': ['DL3047@19:1-19:5'],
    // ADD . . is the only remark (a warning); the relative WORKDIR and the bind mount are fine.
    'app.Dockerfile': ['DL3020@5:0-5:3'],
    'Dockerfile.template': ['dockerfile/template@0:0-0:2'],
    'placeholders.template': ['dockerfile/template@1:12-1:30'],
  };
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.length === 0 ? 'clean' : expected.join(', ')}, and no error`, () => {
      const findings = check(readFileSync(join(PRECISION, name), 'utf8'), { name });
      assert.deepEqual(codesAndRanges(findings), expected);
      assert.ok(findings.every((found) => found.severity !== DiagnosticSeverity.Error));
    });
  }
});
