import { XMLParser } from 'fast-xml-parser';
import type { ListVersion } from '../list-versions/domain/list-version';
import { entryTitle, renderAtomFeed } from './atom-feed';
import { renderPublicPage } from './public-page';

const acme = {
  id: 'a1',
  name: 'Acme <b>Hosting</b>',
  category: 'Data hosting services',
  purpose: 'Backups & "restores"',
  dataCategories: ['contact details'],
  locations: ['GB', 'IE'],
  legalEntity: 'Acme Ltd',
  corporateLocation: 'IE',
  transferMechanism: 'eu-sccs',
  sccModule: 'module-3',
};

const version = (n: number, action: ListVersion['event']['action']): ListVersion => ({
  version: n,
  at: new Date(Date.UTC(2026, 0, n)),
  event: { action, kind: 'addition', subprocessorName: 'Acme <b>', summary: 'A & B', effectiveAt: '2026-03-01T00:00:00.000Z', previousEffectiveAt: '2026-02-15T00:00:00.000Z' },
  subprocessors: [],
  upcomingChanges: [],
});

describe('public page', () => {
  const html = renderPublicPage({
    list: {
      subprocessors: [acme],
      upcomingChanges: [{ id: 'c1', kind: 'removal', summary: 'We stop using <Acme>', announcedAt: '2026-01-01T00:00:00.000Z', effectiveAt: '2026-03-01T00:00:00.000Z', subprocessor: acme }],
    },
    noticePeriodDays: 30,
    lastUpdated: new Date('2026-01-01T10:00:00Z'),
    versionNumber: 4,
  });

  it('escapes every inserted text', () => {
    expect(html).toContain('Acme &lt;b&gt;Hosting&lt;/b&gt;');
    expect(html).toContain('We stop using &lt;Acme&gt;');
    expect(html).not.toContain('<b>Hosting');
  });

  it('shows country names, the mechanism with its SCC module, the category heading and the leaving date', () => {
    expect(html).toContain('<h3 id="category-0">Data hosting services</h3>');
    expect(html).toContain('United Kingdom, Ireland');
    expect(html).toContain('Acme Ltd, Ireland');
    expect(html).toContain('EU Standard Contractual Clauses (2021), Module Three, processor to processor');
    expect(html).toContain('Leaving on 1 March 2026');
    expect(html).toContain('<time datetime="2026-03-01T00:00:00.000Z">1 March 2026</time>');
    expect(html).toMatch(/Last updated: <time datetime="2026-01-01T10:00:00.000Z">/);
  });

  it('offers the subscription form only when it has somewhere to post', () => {
    expect(html).not.toContain('<form');
    const withForm = renderPublicPage({ list: { subprocessors: [], upcomingChanges: [] }, noticePeriodDays: 30, subscribeUrl: 'https://notices.example/subscriptions' });
    expect(withForm).toContain('<form method="post" action="https://notices.example/subscriptions" class="subscribe">');
    expect(withForm).toContain('<a href="#subscribe">Get every change by email</a>');
  });
});

describe('Atom feed', () => {
  it('words each kind of entry', () => {
    expect(entryTitle(version(1, 'announced').event)).toBe('Announced: addition of Acme <b>, effective 2026-03-01');
    expect(entryTitle(version(1, 'rescheduled').event)).toBe('Rescheduled: addition of Acme <b>, now effective 2026-03-01 (was 2026-02-15)');
    expect(entryTitle(version(1, 'cancelled').event)).toBe('Cancelled: addition of Acme <b>');
    expect(entryTitle(version(1, 'effective').event)).toBe('Now in effect: addition of Acme <b>');
  });

  it('keeps only change entries, newest first as given, with escaped text and the newest time as updated', () => {
    const xml = renderAtomFeed('https://example.com', [version(3, 'effective'), version(2, 'imported'), version(1, 'announced')]);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(xml).feed;
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual(['https://example.com/subprocessors?version=3', 'https://example.com/subprocessors?version=1']);
    expect(feed.updated).toBe('2026-01-03T00:00:00.000Z');
    expect(feed.entry[0].title).toBe('Now in effect: addition of Acme <b>');
    expect(xml).toContain('Acme &lt;b&gt;');
  });
});
