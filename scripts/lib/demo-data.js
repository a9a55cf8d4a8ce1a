// Demo data: the subprocessors in Infotek Software Limited's privacy policy (../shared), all in
// force and all in the UK, and a handful of customers whose contacts are on example domains.
const uk = ['GB'];
const customerData = ['customer account data', 'contact details'];

const subprocessors = [
  { name: 'Barclays PLC', category: 'Banking Services', purpose: 'Business banking: receiving payments and paying refunds', dataCategories: ['payer name', 'bank account details', 'payment references'], locations: uk, legalEntity: 'Barclays PLC', website: 'https://www.barclays.co.uk' },
  { name: 'Capita Pay360', category: 'Payment Processing', purpose: 'Card payment processing for subscriptions', dataCategories: ['cardholder name', 'billing address', 'payment card data'], locations: uk, legalEntity: 'Pay360 Limited', website: 'https://www.pay360.com' },
  { name: 'GoCardless', category: 'Payment Processing', purpose: 'Direct Debit collection', dataCategories: ['account holder name', 'bank account details', 'email address'], locations: uk, legalEntity: 'GoCardless Ltd', website: 'https://gocardless.com' },
  { name: 'Crown & Co Accountants Limited', category: 'Accountancy', purpose: 'Bookkeeping, statutory accounts and audit support', dataCategories: ['invoice data', 'customer names', 'payment records'], locations: uk, legalEntity: 'Crown & Co Accountants Limited' },
  { name: 'Nominet UK', category: 'Domain Name Registration Services', purpose: 'Registering .uk domain names on behalf of customers', dataCategories: ['registrant name', 'registrant contact details'], locations: uk, legalEntity: 'Nominet UK', website: 'https://www.nominet.uk' },
  { name: 'Pipeten', category: 'Data hosting services', purpose: 'Primary hosting of the services and their data (PCI DSS, Cyber Essentials, ISO 27001 data centres)', dataCategories: customerData.concat('all data customers upload to the services'), locations: uk, legalEntity: 'Pipeten Ltd', website: 'https://www.pipeten.com' },
  { name: 'UKFast', category: 'Data hosting services', purpose: 'Hosting and off-site backups in a second UK location', dataCategories: customerData.concat('backups of customer data'), locations: uk, legalEntity: 'UKFast.Net Limited', website: 'https://www.ukfast.co.uk' },
  { name: 'Vidahost', category: 'Data hosting services', purpose: 'Web and email hosting', dataCategories: customerData, locations: uk, legalEntity: 'Vidahost Ltd', website: 'https://www.vidahost.com' },
];

const customers = [
  { externalId: 'demo-northwind', name: 'Northwind Traders Ltd', contacts: [{ name: 'Nora Price', email: 'dpo@northwind.example' }, { name: 'Ned Hale', email: 'it@northwind.example', receives: ['breaches'] }] },
  { externalId: 'demo-contoso', name: 'Contoso Dental Practice', contacts: [{ name: 'Cara Singh', email: 'practice.manager@contoso.example' }] },
  { externalId: 'demo-fabrikam', name: 'Fabrikam Accountancy LLP', contacts: [{ name: 'Fola Adeyemi', email: 'privacy@fabrikam.example' }, { name: 'Finn Murphy', email: 'partner@fabrikam.example', receives: ['subprocessor-changes'] }] },
  { externalId: 'demo-tailspin', name: 'Tailspin Charity Trust', contacts: [{ name: 'Tess Owen', email: 'trustees@tailspin.example' }] },
];

// A breach logged two hours after awareness, so its clocks are running when npm start finishes.
const breach = (now = new Date()) => ({
  title: 'Backup disk missing from a hosting cabinet',
  description: 'A monthly backup disk for the customer database was not in the locked cabinet at the second hosting site during the quarterly check.',
  awareAt: new Date(now.getTime() - 2 * 3600 * 1000).toISOString(),
  occurredAt: new Date(now.getTime() - 9 * 24 * 3600 * 1000).toISOString(),
  occurredUntil: new Date(now.getTime() - 3 * 3600 * 1000).toISOString(),
  howDiscovered: 'Quarterly inventory check by the hosting provider',
  cyberIncident: 'no',
  staffInvolved: 'unknown',
  nature: ['lost'],
  ciaClassification: ['confidentiality', 'availability'],
  dataCategories: ['contact details', 'customer account data'],
  specialCategoryData: false,
  dataSubjectCategories: ["customers' end users"],
  approxDataSubjects: 2400,
  approxRecords: 9100,
  role: 'both',
  affectedCustomerIds: 'all',
  likelyConsequences: 'If the disk is found by someone else: phishing using the contact details. The disk is encrypted, but key handling is being checked.',
  measures: 'Hosting provider searching the site; remaining disks moved to a safe; encryption key rotation under way.',
  measuresBefore: 'Backups encrypted with AES-256; cabinet locked; quarterly inventory.',
  riskLevel: 'risk',
});

module.exports = { subprocessors, customers, breach };
