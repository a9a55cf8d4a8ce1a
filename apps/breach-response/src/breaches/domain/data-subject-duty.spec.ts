import { Art34ExemptionRefusedError, checkArt34Exemption, dataSubjectDutyOf, describeDataSubjectDuty } from './data-subject-duty';

describe('the Art. 34 duty by role', () => {
  it('is the company\'s only where it is controller and the risk is high', () => {
    expect(dataSubjectDutyOf({ role: 'controller', riskLevel: 'high' })).toBe('ours');
    expect(dataSubjectDutyOf({ role: 'both', riskLevel: 'high' })).toBe('ours');
    expect(dataSubjectDutyOf({ role: 'both', riskLevel: 'risk' })).toBe('none');
    expect(dataSubjectDutyOf({ role: 'controller' })).toBe('not-assessed');
  });

  it('is the controllers\' where the company is processor only, whatever the risk', () => {
    expect(dataSubjectDutyOf({ role: 'processor', riskLevel: 'high' })).toBe('controllers');
    expect(describeDataSubjectDuty('controllers', undefined)).toMatch(/controllers \(our customers\) decide on Art\. 34/);
  });

  it('words an exemption with its point of Art. 34(3), its reason and the public communication', () => {
    const text = describeDataSubjectDuty('ours', {
      ground: 'disproportionate-effort',
      reason: 'no contact details held',
      publicCommunication: 'notice on the home page, 2026-03-03',
      recordedAt: new Date(),
      recordedBy: 'user:r',
    });
    expect(text).toBe(
      'Not told, exempt under Art. 34(3)(c): telling each person would involve disproportionate effort; a public communication was made instead: no contact details held. Public communication: notice on the home page, 2026-03-03',
    );
  });

  it('takes an exemption only against the company\'s own duty, before anyone was told', () => {
    expect(() => checkArt34Exemption('ours', false)).not.toThrow();
    expect(() => checkArt34Exemption('controllers', false)).toThrow(/processor only/);
    expect(() => checkArt34Exemption('none', false)).toThrow(Art34ExemptionRefusedError);
    expect(() => checkArt34Exemption('ours', true)).toThrow(/already been told/);
  });
});
