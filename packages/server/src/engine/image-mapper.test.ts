import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageFromInspect, imageFromSummary, type EngineImageInspect, type EngineImageSummary } from './image-mapper.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

describe('image mappers on recorded engine JSON', () => {
  const list = fixture<EngineImageSummary[]>('images-list.json').map(imageFromSummary);

  it('maps the list with sorted tags, size and time', () => {
    const busybox = list.find((i) => i.tags.includes('busybox:local'))!;
    expect(busybox.tags).toEqual(['busybox:local', 'fix/busybox:v1']);
    expect(busybox.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(busybox.size).toBeGreaterThan(1_000_000);
    expect(busybox.labels).toEqual({ 'org.opencontainers.image.title': 'busybox-local' });
  });

  it('an inspect of the same image gives the same view as its list entry', () => {
    const inspected = imageFromInspect(fixture<EngineImageInspect>('image-inspect.json'));
    expect(inspected).toEqual(list.find((i) => i.id === inspected.id));
  });

  it('a dangling image has no tags', () => {
    const dangling = imageFromSummary({
      Id: 'sha256:' + 'a'.repeat(64),
      RepoTags: ['<none>:<none>'],
      RepoDigests: ['<none>@<none>'],
      Created: 1,
    });
    expect(dangling).toMatchObject({ tags: [], digests: [], createdAt: 1000, size: 0, labels: {} });
  });
});
