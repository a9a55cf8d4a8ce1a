// Demo data: the subprocessors in Infotek Software Limited's privacy policy (../shared), all in
// force and all in the UK, and a handful of customers whose contacts are on example domains.
const uk = ['GB'];
const customerData = ['customer account data', 'contact details'];

// All UK: processing and the legal entity stay in the UK, so no restricted transfer happens.
const inUk = { locations: uk, corporateLocation: 'GB', transferMechanism: 'none-needed' };
const customerStaff = ['customers’ staff and users'];
const allProducts = ['Infotek software and hosted services'];

const subprocessors = [
  { name: 'Barclays PLC', category: 'Banking Services', purpose: 'Business banking: receiving payments and paying refunds', dataCategories: ['payer name', 'bank account details', 'payment references'], dataSubjectCategories: ['customers’ billing contacts'], ...inUk, legalEntity: 'Barclays PLC', address: '1 Churchill Place, London E14 5HP, United Kingdom', dpaReference: 'Barclays Business Banking terms, data protection schedule', dpaSignedAt: '2019-04-01T00:00:00Z', website: 'https://www.barclays.co.uk', productsCovered: ['Billing'] },
  { name: 'Capita Pay360', category: 'Payment Processing', purpose: 'Card payment processing for subscriptions', dataCategories: ['cardholder name', 'billing address', 'payment card data'], dataSubjectCategories: ['customers’ billing contacts'], ...inUk, legalEntity: 'Pay360 Limited', dpaReference: 'Pay360 merchant agreement, data processing addendum', dpaSignedAt: '2019-06-12T00:00:00Z', website: 'https://www.pay360.com', productsCovered: ['Billing'] },
  { name: 'GoCardless', category: 'Payment Processing', purpose: 'Direct Debit collection', dataCategories: ['account holder name', 'bank account details', 'email address'], dataSubjectCategories: ['customers’ billing contacts'], ...inUk, legalEntity: 'GoCardless Ltd', address: 'Sutton Yard, 65 Goswell Road, London EC1V 7EN, United Kingdom', dpaReference: 'GoCardless merchant terms, data processing agreement', dpaSignedAt: '2020-02-03T00:00:00Z', website: 'https://gocardless.com', productsCovered: ['Billing'] },
  { name: 'Crown & Co Accountants Limited', category: 'Accountancy', purpose: 'Bookkeeping, statutory accounts and audit support', dataCategories: ['invoice data', 'customer names', 'payment records'], dataSubjectCategories: ['customers’ billing contacts'], ...inUk, legalEntity: 'Crown & Co Accountants Limited', dpaReference: 'Engagement letter, data processing clauses', dpaSignedAt: '2018-05-25T00:00:00Z', productsCovered: ['Billing'] },
  { name: 'Nominet UK', category: 'Domain Name Registration Services', purpose: 'Registering .uk domain names on behalf of customers', dataCategories: ['registrant name', 'registrant contact details'], dataSubjectCategories: ['customers’ named registrants'], ...inUk, legalEntity: 'Nominet UK', address: 'Minerva House, Edmund Halley Road, Oxford Science Park, Oxford OX4 4DQ, United Kingdom', dpaReference: 'Nominet registrar agreement', dpaSignedAt: '2018-05-25T00:00:00Z', website: 'https://www.nominet.uk', productsCovered: ['Domain names'] },
  { name: 'Pipeten', category: 'Data hosting services', purpose: 'Primary hosting of the services and their data (PCI DSS, Cyber Essentials, ISO 27001 data centres)', dataCategories: customerData.concat('all data customers upload to the services'), dataSubjectCategories: customerStaff.concat('people whose data customers store in the services'), ...inUk, legalEntity: 'Pipeten Ltd', dpaReference: 'Pipeten hosting agreement, data processing schedule', dpaSignedAt: '2018-05-25T00:00:00Z', website: 'https://www.pipeten.com', productsCovered: allProducts },
  { name: 'UKFast', category: 'Data hosting services', purpose: 'Hosting and off-site backups in a second UK location', dataCategories: customerData.concat('backups of customer data'), dataSubjectCategories: customerStaff.concat('people whose data customers store in the services'), ...inUk, legalEntity: 'UKFast.Net Limited', address: 'UKFast Campus, Birley Fields, Manchester M15 5QJ, United Kingdom', dpaReference: 'UKFast master services agreement, data processing terms', dpaSignedAt: '2018-05-25T00:00:00Z', website: 'https://www.ukfast.co.uk', productsCovered: allProducts },
  { name: 'Vidahost', category: 'Data hosting services', purpose: 'Web and email hosting', dataCategories: customerData, dataSubjectCategories: customerStaff, ...inUk, legalEntity: 'Vidahost Ltd', dpaReference: 'Vidahost terms of service, data processing addendum', dpaSignedAt: '2018-05-25T00:00:00Z', website: 'https://www.vidahost.com', productsCovered: ['Websites and email'] },
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
