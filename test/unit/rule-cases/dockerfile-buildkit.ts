import { spanOf } from '../../helpers/service';
import type { Firing, RuleCase, Sample } from './case';

/**
 * The BuildKit checks added for issue 13 item 2 (frontend/dockerfile/linter/ruleset.go), each firing with its exact
 * range, quiet on the near miss BuildKit's own tests use, and its fix applied and re-validated.
 */
type Needle = string | [string, number];
function at(text: string, ...needles: Needle[]): Firing {
  return {
    text,
    ranges: needles.map((needle) => (typeof needle === 'string' ? spanOf(text, needle) : spanOf(text, ...needle))),
  };
}
const quiet = (text: string, options: Omit<Sample, 'text'> = {}): Sample => ({ text, ...options });
const EXPERIMENTAL = '# check=experimental=InvalidDefinitionDescription\n';

export const DOCKERFILE_BUILDKIT_CASES: readonly RuleCase[] = [
  {
    id: 'FromPlatformFlagConstDisallowed',
    firing: [
      at('FROM --platform=linux/amd64 debian:12\n', '--platform=linux/amd64'),
      at('FROM --platform=arm64 debian:12 AS build\n', '--platform=arm64'),
    ],
    quiet: [
      quiet('FROM --platform=$BUILDPLATFORM debian:12\n'),
      quiet('FROM --platform=linux/amd64 debian:12 AS build_amd64\n'),
      quiet('FROM --platform=linux/arm64 debian:12 AS linux\n'),
      quiet('FROM --platform=nonsense debian:12\n'),
    ],
  },
  {
    id: 'InvalidDefinitionDescription',
    firing: [
      at(`${EXPERIMENTAL}# bar this is the bar\nARG foo=bar\n# the base image\nFROM debian:12 AS base\n`, 'ARG', [
        'FROM',
        1,
      ]),
      at(`# check=experimental=all\n# the version\n\nARG version=1\nFROM debian:12\n`, 'ARG'),
    ],
    quiet: [
      quiet(
        `${EXPERIMENTAL}# foo this is the foo\nARG foo=bar\n# base the base image\nFROM debian:12 AS base\n# baz the baz\nARG foo=1 baz=2\n#\nARG bit=bat\n# not a definition\nCOPY a /b\n`,
      ),
      quiet('# the version\nARG version=1\nFROM debian:12\n'),
    ],
    fixes: [
      {
        title: 'Separate the comment from the instruction (an empty comment line between them)',
        on: { text: `${EXPERIMENTAL}FROM debian:12\n# where it goes\nARG DESTINATION=/srv\n` },
      },
    ],
  },
  {
    id: 'ConsistentInstructionCasing',
    firing: [
      at('FROM debian:12\ncopy a /b\nCOPY c /d\n', 'copy'),
      at('from debian:12\nCOPY a /b\ncopy c /d\ncopy e /f\n', 'COPY'),
      at('From debian:12\nfrom debian:12\n', 'From'),
    ],
    quiet: [quiet('from debian:12\ncopy a /b\n'), quiet('FROM debian:12\nCOPY a /b\n')],
    fixes: [
      { title: 'Change to COPY' },
      { title: 'Change to copy', on: { text: 'from debian:12 as build\nCOPY a /b\ncopy c /d\n' } },
      { title: 'Change to FROM', on: { text: 'from debian:12 as build\nFROM debian:12\n' } },
      { title: 'Change to from', on: { text: 'From debian:12\nfrom debian:12\n' } },
    ],
  },
  {
    id: 'ExposeInvalidFormat',
    firing: [
      at(
        'FROM debian:12\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080/udp 5000:5000 8000\n',
        '127.0.0.1:80:80',
        '[::1]:8080:8080/udp',
        '5000:5000',
      ),
    ],
    quiet: [quiet('FROM debian:12\nEXPOSE 80 8000-8010/udp 53/UDP\n')],
    fixes: [
      {
        title: 'Expose only the container port (publish the host port with docker run -p)',
        on: { text: 'FROM debian:12\nEXPOSE 8080:80/tcp 443\n' },
      },
      { title: 'Fix all Shipshape problems' },
    ],
  },
];
