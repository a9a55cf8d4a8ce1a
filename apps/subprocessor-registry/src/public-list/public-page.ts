import Handlebars from 'handlebars';
import type { SubprocessorSnapshot } from '@forewarn/contracts';
import type { ListSnapshot, UpcomingChange } from '../list-versions/domain/list-version';
import { countryName, SCC_MODULES, SccModule, TRANSFER_MECHANISMS, TransferMechanism, transferMechanismLabel } from '../subprocessors/domain/subprocessor-record';

const templates = Handlebars.create();

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });

const kindWords: Record<string, string> = { addition: 'New subprocessor', replacement: 'Replacement', removal: 'Removal', update: 'Change' };

function mechanismOf(s: SubprocessorSnapshot): string {
  const mechanism = s.transferMechanism as TransferMechanism | undefined;
  if (!mechanism || !TRANSFER_MECHANISMS.includes(mechanism)) return s.transferMechanism ?? 'Not stated';
  const module = SCC_MODULES.includes(s.sccModule as SccModule) ? (s.sccModule as SccModule) : undefined;
  return transferMechanismLabel(mechanism, module);
}

const page = templates.compile(`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Our subprocessors{{#if pastVersion}} (version {{pastVersion.number}}){{/if}}</title>
<link rel="alternate" type="application/atom+xml" title="Subprocessor changes" href="/subprocessors/feed.atom">
<link rel="alternate" type="application/json" href="/subprocessors.json">
<style>
  body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
  h1 { font-size: 1.9rem; margin-bottom: .25rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #1d4f91; padding-bottom: .2rem; } h3 { margin-top: 1.6rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
  th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid #ccc; } thead th { background: #eef2f7; }
  .meta { color: #444; font-weight: normal; } .notice { background: #fff6d6; border-left: 4px solid #c99400; padding: .6rem .9rem; }
  .leaving { display: inline-block; font-size: .85rem; background: #fde2e1; color: #7a1712; padding: 0 .4rem; border-radius: 3px; }
  a { color: #1d4f91; } a:focus, input:focus, button:focus { outline: 3px solid #ffbf47; }
  .subscribe label { display: block; font-weight: 600; margin: .5rem 0 .25rem; } .subscribe input { font: inherit; padding: .45rem; width: min(100%, 24rem); border: 2px solid #555; border-radius: 3px; }
  .subscribe button { font: inherit; font-weight: 600; padding: .45rem 1rem; margin-left: .25rem; color: #fff; background: #1d4f91; border: 0; border-radius: 3px; cursor: pointer; }
</style>
</head>
<body>
<header>
<h1>Our subprocessors</h1>
<p class="meta">The third parties that process our customers' personal data on our behalf, and the changes we have announced.
  We announce every change at least {{noticePeriodDays}} days before it takes effect.</p>
<p class="meta">Last updated: {{#if lastUpdated}}<time datetime="{{lastUpdated.iso}}">{{lastUpdated.text}}</time>{{else}}not yet published{{/if}}{{#if versionNumber}} (version {{versionNumber}}){{/if}}.
  {{#if subscribeUrl}}<a href="#subscribe">Get every change by email</a> · {{/if}}<a href="/subprocessors/feed.atom">Follow changes (Atom feed)</a> · <a href="/subprocessors.json">This list as JSON</a></p>
{{#if pastVersion}}<p class="notice" role="status">You are looking at the list as it stood on <time datetime="{{pastVersion.iso}}">{{pastVersion.text}}</time> (version {{pastVersion.number}}). <a href="/subprocessors">See the current list</a>.</p>{{/if}}
</header>
<main>
<section aria-labelledby="upcoming">
<h2 id="upcoming">Upcoming changes</h2>
{{#if upcoming.length}}
<table>
<caption>Announced changes that have not yet taken effect</caption>
<thead><tr><th scope="col">Change</th><th scope="col">Subprocessor</th><th scope="col">What changes</th><th scope="col">Effective date</th></tr></thead>
<tbody>
{{#each upcoming}}
<tr><td>{{kindText}}</td><td>{{subprocessor.name}}{{#if replacesSubprocessor}} (replacing {{replacesSubprocessor.name}}){{/if}}</td><td>{{summary}}</td><td><time datetime="{{effectiveAt}}">{{effectiveText}}</time></td></tr>
{{/each}}
</tbody>
</table>
{{else}}
<p>No changes are announced at the moment.</p>
{{/if}}
</section>
<section aria-labelledby="current">
<h2 id="current">Current subprocessors</h2>
{{#unless categories.length}}<p>No subprocessors are listed.</p>{{/unless}}
{{#each categories}}
<h3 id="category-{{@index}}">{{name}}</h3>
<table aria-labelledby="category-{{@index}}">
<thead><tr><th scope="col">Subprocessor</th><th scope="col">Purpose</th><th scope="col">Personal data</th><th scope="col">Processing locations</th><th scope="col">Transfer mechanism</th></tr></thead>
<tbody>
{{#each subprocessors}}
<tr>
<th scope="row">{{#if website}}<a href="{{website}}" rel="noopener">{{name}}</a>{{else}}{{name}}{{/if}}{{#if entityLine}}<br><span class="meta">{{entityLine}}</span>{{/if}}{{#if leaving}}<br><span class="leaving">Leaving on {{leaving}}</span>{{/if}}</th>
<td>{{purpose}}</td>
<td>{{join dataCategories}}</td>
<td>{{countries}}</td>
<td>{{mechanism}}</td>
</tr>
{{/each}}
</tbody>
</table>
{{/each}}
</section>
{{#if subscribeUrl}}
<section aria-labelledby="subscribe">
<h2 id="subscribe">Get every change by email</h2>
<form method="post" action="{{subscribeUrl}}" class="subscribe">
  <label for="subscribe-email">Your email address</label>
  <input id="subscribe-email" name="email" type="email" autocomplete="email" maxlength="254" required aria-describedby="subscribe-hint">
  <button type="submit">Subscribe</button>
  <p class="meta" id="subscribe-hint">We email a link to confirm first, and send nothing else until it is used. Every email has a link to unsubscribe.</p>
</form>
</section>
{{/if}}
</main>
</body>
</html>
`);

templates.registerHelper('join', (values: unknown) => (Array.isArray(values) ? values.join(', ') : ''));

export interface PublicPageInput {
  list: ListSnapshot;
  noticePeriodDays: number;
  lastUpdated?: Date;
  versionNumber?: number;
  /** Set when showing a past version rather than the current list. */
  pastVersion?: { number: number; at: Date };
  /** The public subscription form, when one is configured. */
  subscribeUrl?: string;
}

const timeOf = (d: Date, format = longDate) => ({ iso: d.toISOString(), text: format.format(d) });

/** The public HTML page. Handlebars escapes every value, so names and texts cannot inject markup. */
export function renderPublicPage(input: PublicPageInput): string {
  const leavingOn = new Map<string, string>();
  for (const c of input.list.upcomingChanges) {
    const outgoing = c.kind === 'removal' ? c.subprocessor : c.kind === 'replacement' ? c.replacesSubprocessor : undefined;
    if (outgoing) leavingOn.set(outgoing.id, longDate.format(new Date(c.effectiveAt)));
  }
  const byCategory = new Map<string, SubprocessorSnapshot[]>();
  for (const s of input.list.subprocessors) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
  return page({
    noticePeriodDays: input.noticePeriodDays,
    subscribeUrl: input.subscribeUrl,
    lastUpdated: input.lastUpdated && timeOf(input.lastUpdated, dateTime),
    versionNumber: input.versionNumber,
    pastVersion: input.pastVersion && { number: input.pastVersion.number, ...timeOf(input.pastVersion.at, dateTime) },
    upcoming: input.list.upcomingChanges.map((c: UpcomingChange) => ({
      ...c,
      kindText: kindWords[c.kind] ?? c.kind,
      effectiveText: longDate.format(new Date(c.effectiveAt)),
    })),
    categories: [...byCategory.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, subprocessors]) => ({
        name,
        subprocessors: subprocessors.map((s) => ({
          ...s,
          // "Acme Ltd, Ireland": the legal entity when it differs from the name, and where it is established.
          entityLine: [s.legalEntity !== s.name ? s.legalEntity : undefined, s.corporateLocation ? countryName(s.corporateLocation) : undefined]
            .filter(Boolean)
            .join(', '),
          countries: s.locations.map(countryName).join(', '),
          mechanism: mechanismOf(s),
          leaving: leavingOn.get(s.id),
        })),
      })),
  });
}
