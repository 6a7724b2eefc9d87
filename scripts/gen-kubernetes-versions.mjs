// Which Kubernetes minor version added (or removed) each field of the bundled schemas, for 1.27 ... 1.36, read from
// pinned npm packages that were generated from each release's OpenAPI spec. Writes scripts/kubernetes-versions.json,
// which is checked in: the build (gen-schemas.mjs) reads it and needs no network. Run this only to add a release
// or change a source: `node scripts/gen-kubernetes-versions.mjs` (after `npm run gen-schemas`, whose definitions it
// reads). It downloads the tarballs with `npm pack` into the temporary folder and checks their integrity.
//
// Sources, by what their generated files say ("OpenAPI spec version" / "version of the OpenAPI document"):
//   @kubernetes/client-node 0.19.0 release-1.27, 0.20.0 release-1.28, 0.21.0 release-1.29, 0.22.3 release-1.30,
//   1.1.3 v1.32.0, 1.3.0 v1.33.0, 1.4.0 v1.34.0, 2.0.1 release-1.36 (the project's own devDependency).
//   No client-node release tracks 1.31 or 1.35 (1.0.0 jumps from 1.30 to 1.32; 2.0.0 from 1.34 to 1.36).
//   1.31: cdk8s-plus-31 2.6.43, whose lib/imports/k8s.js is generated from the 1.31 spec (JSON names in toJson_*).
//   1.35: no npm package found; a field first seen in 1.36 and absent in 1.34 is recorded as added in "1.35 or 1.36".
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

const SOURCES = [
  {
    k8s: '1.27',
    spec: '@kubernetes/client-node@0.19.0',
    integrity: 'sha512-WTOjGuFQ8yeW3+qD6JrAYhpwpoQbe9R8cA/61WCyFrNawSTUgLstHu7EsZRYEs39er3jDn3wCEaczz+VOFlc2Q==',
  },
  {
    k8s: '1.28',
    spec: '@kubernetes/client-node@0.20.0',
    integrity: 'sha512-xxlv5GLX4FVR/dDKEsmi4SPeuB49aRc35stndyxcC73XnUEEwF39vXbROpHOirmDse8WE9vxOjABnSVS+jb7EA==',
  },
  {
    k8s: '1.29',
    spec: '@kubernetes/client-node@0.21.0',
    integrity: 'sha512-yYRbgMeyQbvZDHt/ZqsW3m4lRefzhbbJEuj8sVXM+bufKrgmzriA2oq7lWPH/k/LQIicAME9ixPUadTrxIF6dQ==',
  },
  {
    k8s: '1.30',
    spec: '@kubernetes/client-node@0.22.3',
    integrity: 'sha512-dG8uah3+HDJLpJEESshLRZlAZ4PgDeV9mZXT0u1g7oy4KMRzdZ7n5g0JEIlL6QhK51/2ztcIqURAnjfjJt6Z+g==',
  },
  {
    k8s: '1.31',
    spec: 'cdk8s-plus-31@2.6.43',
    integrity: 'sha512-OtG09kUe3ErIZR1vriuwNYCqQYkB7g0cbqft5c1GItGFRmqcUKW2/rKrdDUjYmFMZDLj5bxccJitP3MUUCg1gw==',
  },
  {
    k8s: '1.32',
    spec: '@kubernetes/client-node@1.1.3',
    integrity: 'sha512-0JekGlhf0A6Jvd1s9tXdSkRlkNrx/O+53IzecvaXr9yXtTTJyoXbSoS4Jf6XCBr6SSAcL1nLRFQ7AgMBZtP3mQ==',
  },
  {
    k8s: '1.33',
    spec: '@kubernetes/client-node@1.3.0',
    integrity: 'sha512-IE0yrIpOT97YS5fg2QpzmPzm8Wmcdf4ueWMn+FiJSI3jgTTQT1u+LUhoYpdfhdHAVxdrNsaBg2C0UXSnOgMoCQ==',
  },
  {
    k8s: '1.34',
    spec: '@kubernetes/client-node@1.4.0',
    integrity: 'sha512-Zge3YvF7DJi264dU1b3wb/GmzR99JhUpqTvp+VGHfwZT+g7EOOYNScDJNZwXy9cszyIGPIs0VHr+kk8e95qqrA==',
  },
  {
    k8s: '1.36',
    spec: '@kubernetes/client-node@2.0.1',
    integrity: 'sha512-evJgmEtgArEYlj6DNkMGjK41IrFK/hEwb5lWVxx0VRBWybQpnvi+2TtA19mLgVfRHfqX5yjHObX6e9W7LEZBjw==',
  },
];

const cacheDir = join(tmpdir(), 'shipshape-kubernetes-versions');

/** Downloads (once) and unpacks a pinned tarball; returns the unpacked package folder. */
function unpack(source) {
  const folder = join(cacheDir, source.spec.replace(/[@/]/g, '_'));
  if (existsSync(join(folder, 'package', 'package.json'))) return join(folder, 'package');
  mkdirSync(folder, { recursive: true });
  execFileSync('npm', ['pack', source.spec, '--silent', '--pack-destination', folder], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = join(
    folder,
    readdirSync(folder).find((name) => name.endsWith('.tgz')),
  );
  const digest = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
  if (digest !== source.integrity)
    throw new Error(`${source.spec}: integrity ${digest} is not the pinned ${source.integrity}`);
  execFileSync('tar', ['xzf', tarball, '-C', folder]);
  return join(folder, 'package');
}

/** The JSON field names of a model in one source, or undefined when the source has no such model. */
function fieldReader(packageDir) {
  const cdk8s = join(packageDir, 'lib', 'imports', 'k8s.js');
  if (existsSync(cdk8s)) {
    const text = readFileSync(cdk8s, 'utf8');
    return (model) => {
      // V1PodSpec -> PodSpec, V2MetricSpec -> MetricSpecV2, V1beta1X -> XV1Beta1 (cdk8s' struct names).
      const match = /^V(\d+)((?:alpha|beta)\d+)?(.*)$/.exec(model);
      if (!match) return undefined;
      const suffix =
        match[1] === '1' && !match[2]
          ? ''
          : `V${match[1]}${match[2] ? match[2][0].toUpperCase() + match[2].slice(1) : ''}`;
      const start = text.indexOf(`function toJson_${match[3]}${suffix}(obj)`);
      if (start === -1) return undefined;
      const body = text.slice(start, text.indexOf('\n}', start));
      return new Set([...body.matchAll(/^\s+'([^']+)': /gm)].map((m) => m[1]));
    };
  }
  const dirs = [join(packageDir, 'dist', 'gen', 'models'), join(packageDir, 'dist', 'gen', 'model')];
  return (model) => {
    for (const dir of dirs) {
      for (const name of [model, model[0].toLowerCase() + model.slice(1)]) {
        const file = join(dir, `${name}.js`);
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        return new Set([...text.matchAll(/"baseName": "([^"]+)"/g)].map((m) => m[1]));
      }
    }
    return undefined;
  };
}

const definitionsFile = process.argv[2] ?? join('server', 'schemas', 'definitions.json');
const { definitions } = JSON.parse(readFileSync(definitionsFile, 'utf8'));
const readers = new Map(SOURCES.map((source) => [source.k8s, fieldReader(unpack(source))]));

/**
 * Per model, per field whose availability changed within 1.27 ... 1.36: the first version that has it (`added`),
 * the last version that may not have it when a release is missing from the sources (`addedBy`), and the first version
 * that no longer has it (`removed`). A model a release lacks altogether says nothing about its fields: the field that
 * holds it carries the version.
 */
const fields = {};
const removedOnly = [];
for (const [model, definition] of Object.entries(definitions)) {
  const presence = VERSIONS.map((version) => {
    const reader = readers.get(version);
    return reader ? reader(model) : undefined;
  });
  const names = new Set(Object.keys(definition.properties ?? {}));
  for (const set of presence) for (const name of set ?? []) names.add(name);
  for (const name of names) {
    const has = presence.map((set) => (set === undefined ? undefined : set.has(name)));
    const known = /** @type {Array<[boolean, number]>} */ (has.map((value, index) => [value, index])).filter(
      ([value]) => value !== undefined,
    );
    if (known.every(([value]) => value) || known.length === 0) continue;
    const entry = {};
    const firstPresent = known.find(([value]) => value);
    const lastAbsentBefore = known
      .filter(([value, index]) => !value && (!firstPresent || index < firstPresent[1]))
      .pop();
    if (firstPresent && known[0][0] === false) {
      entry.added = VERSIONS[lastAbsentBefore[1] + 1];
      if (VERSIONS[firstPresent[1]] !== entry.added) entry.addedBy = VERSIONS[firstPresent[1]];
    }
    const lastPresent = [...known].reverse().find(([value]) => value);
    if (lastPresent && known[known.length - 1][0] === false) {
      entry.removed = VERSIONS[lastPresent[1] + 1];
      if (!(name in (definition.properties ?? {}))) removedOnly.push(`${model}.${name}`);
    }
    if (Object.keys(entry).length) (fields[model] ??= {})[name] = entry;
  }
}
const out = {
  $comment: 'Generated by scripts/gen-kubernetes-versions.mjs from the sources below. Do not edit.',
  versions: VERSIONS,
  sources: Object.fromEntries(SOURCES.map((source) => [source.k8s, source.spec])),
  fields,
};
writeFileSync(join('scripts', 'kubernetes-versions.json'), JSON.stringify(out, null, 1) + '\n');
const count = Object.values(fields).reduce((sum, model) => sum + Object.keys(model).length, 0);
console.log(`gen-kubernetes-versions: ${count} fields changed within ${VERSIONS[0]}..${VERSIONS.at(-1)}`);
if (removedOnly.length) console.log(`removed before 1.36 (not in the base schema): ${removedOnly.join(', ')}`);
