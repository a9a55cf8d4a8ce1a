import { IsDateTime } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/** What a confirmation email is made from: when the subscription was asked for. */
export class SubscriptionRequested {
  @IsDateTime() requestedAt!: string;
}

/** The first half of the double opt-in: nothing more is sent to the address until this link is used. */
export const subscriptionConfirmation: EmailTemplate = {
  name: TemplateNames.subscriptionConfirmation,
  version: 1,
  description: 'Asks the owner of an address to confirm a subscription to subprocessor changes (double opt-in)',
  contracts: [SubscriptionRequested],
  audience: 'public-subscriber',
  subject: 'Confirm your subscription to changes in our subprocessors',
  preheader: 'One click to confirm; nothing more is sent unless you do.',
  html: `<h1 style="${s.h1}">Please confirm your subscription</h1>
<p style="margin:0 0 12px;">On {{date requestedAt}} someone asked for {{contact.email}} to be told of every change to the subprocessors of {{@sender}}. If that was you, confirm it:</p>
{{#if links.notice}}<p style="margin:16px 0;"><a href="{{url links.notice}}" style="${s.button}">Confirm the subscription</a></p>
<p style="${s.note}">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all;">{{links.notice}}</span></p>{{/if}}
<p style="margin:12px 0 0;">If it was not you, ignore this email: without the confirmation we send nothing more to this address.</p>`,
  text: `On {{date requestedAt}} someone asked for {{contact.email}} to be told of every change to the
subprocessors of {{@sender}}. If that was you, confirm it here:
{{#if links.notice}}
{{links.notice}}
{{/if}}

If it was not you, ignore this email: without the confirmation we send nothing more to this address.
`,
  sampleData: samples.subscriptionConfirmation,
};
