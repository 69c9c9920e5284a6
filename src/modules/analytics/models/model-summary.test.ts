import { describe, expect, it } from 'vitest';
import { fitSbg, modelSummary } from './index.js';

describe('modelSummary', () => {
  it('prints the literature names, the log-likelihood and the status as JSON', () => {
    const json = JSON.parse(JSON.stringify(modelSummary(fitSbg([[1000, 631, 468, 382, 326, 289, 262, 241]]))));
    expect(json.model).toBe('sbg');
    expect(Object.keys(json.params)).toEqual(['alpha', 'beta']);
    expect(json.params.alpha).toBeCloseTo(0.704, 3);
    expect(json.logLikelihood).toBeLessThan(0);
    expect(json.status).toBe('converged');
  });

  it('has params null and a reason for a degenerate fit', () => {
    const json = JSON.parse(JSON.stringify(modelSummary(fitSbg([[50]]))));
    expect(json.params).toBeNull();
    expect(json.status).toBe('degenerate');
    expect(json.notes[0].messages['en-US']).toMatch(/nothing to fit/);
  });
});
