import { describe, expect, it } from 'vitest';
import { RecentClientIds } from '../../src/storage/events/recent-client-ids.ts';

const WINDOW = 60_000;

describe('recent client ids', () => {
  it('knows an id within its window and no longer after it', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.add('p1', 'e-1', 1_000);

    expect(ids.has('p1', 'e-1', 1_000 + WINDOW - 1)).toBe(true);
    expect(ids.has('p1', 'e-1', 1_000 + WINDOW)).toBe(false);
  });

  it('keeps the ids of each project apart', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.add('p1', 'e-1', 1_000);

    expect(ids.has('p2', 'e-1', 1_000)).toBe(false);
    expect(ids.has('p1', 'e-2', 1_000)).toBe(false);
  });

  it('claims an id once within its window, and again after it', () => {
    const ids = new RecentClientIds(WINDOW);

    const claims = [
      ids.claim('p1', 'e-1', 1_000),
      ids.claim('p1', 'e-1', 1_000 + WINDOW - 1),
      ids.claim('p2', 'e-1', 1_000),
      ids.claim('p1', 'e-1', 1_000 + WINDOW),
    ];

    expect(claims).toEqual([true, false, true, true]);
    expect(ids.size).toBe(2);
  });

  it('releases a claimed id, so that it can be claimed again', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.claim('p1', 'e-1', 1_000);

    ids.release('p1', 'e-1', 1_000);

    expect(ids.size).toBe(0);
    expect(ids.claim('p1', 'e-1', 1_001)).toBe(true);
  });

  it('releases nothing claimed at another time', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.claim('p1', 'e-1', 1_000);

    ids.release('p1', 'e-1', 2_000);

    expect(ids.has('p1', 'e-1', 2_000)).toBe(true);
  });

  it('prunes exactly the expired ids, oldest first, across many chunks', () => {
    const ids = new RecentClientIds(WINDOW);
    for (let index = 0; index < 10_000; index += 1) ids.add('p1', `old-${index}`, 1_000);
    for (let index = 0; index < 10_000; index += 1) ids.add('p1', `new-${index}`, 30_000);

    ids.prune(1_000 + WINDOW);

    expect(ids.size).toBe(10_000);
    expect(ids.has('p1', 'new-9999', 1_000 + WINDOW)).toBe(true);
    ids.prune(30_000 + WINDOW);
    expect(ids.size).toBe(0);
  });

  it('prunes at most once a second', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.add('p1', 'a', 1_000);
    ids.add('p1', 'b', 1_500);

    ids.prune(1_000 + WINDOW);
    ids.prune(1_500 + WINDOW);

    expect(ids.size).toBe(1);
    ids.prune(2_000 + WINDOW);
    expect(ids.size).toBe(0);
  });

  it('keeps an id stored again after its window until its new window ends', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.add('p1', 'e-1', 1_000);
    ids.add('p1', 'e-1', 1_000 + WINDOW);

    ids.prune(1_000 + WINDOW + 1);

    expect(ids.size).toBe(1);
    expect(ids.has('p1', 'e-1', 1_000 + WINDOW + 1)).toBe(true);
    ids.prune(1_000 + 2 * WINDOW);
    expect(ids.size).toBe(0);
  });

  it('forgets a deleted project at once, and later prunes pass over its ids', () => {
    const ids = new RecentClientIds(WINDOW);
    ids.add('p1', 'e-1', 1_000);
    ids.add('p2', 'e-1', 1_000);

    ids.forgetProject('p1');

    expect(ids.size).toBe(1);
    expect(ids.has('p1', 'e-1', 1_000)).toBe(false);
    ids.prune(1_000 + WINDOW);
    expect(ids.size).toBe(0);
  });
});
