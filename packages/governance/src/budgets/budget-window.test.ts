import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetWindow, previousBudgetWindow } from './budget-window';

describe('budget periods (UTC)', () => {
  const now = new Date('2025-03-05T17:30:00Z'); // a Wednesday

  test('day, week (from Monday) and month', () => {
    assert.deepEqual(budgetWindow('day', now), {
      id: 'd2025-03-05',
      startsAt: new Date('2025-03-05T00:00:00Z'),
      resetsAt: new Date('2025-03-06T00:00:00Z'),
    });
    assert.deepEqual(budgetWindow('week', now), {
      id: 'w2025-03-03',
      startsAt: new Date('2025-03-03T00:00:00Z'),
      resetsAt: new Date('2025-03-10T00:00:00Z'),
    });
    assert.deepEqual(budgetWindow('month', now), {
      id: 'm2025-03-01',
      startsAt: new Date('2025-03-01T00:00:00Z'),
      resetsAt: new Date('2025-04-01T00:00:00Z'),
    });
    assert.equal(
      budgetWindow('week', new Date('2025-03-09T23:59:59Z')).id,
      'w2025-03-03',
      'Sunday is the end of the week',
    );
  });

  test('the previous period', () => {
    assert.equal(previousBudgetWindow('month', now).id, 'm2025-02-01');
    assert.equal(previousBudgetWindow('month', new Date('2025-01-15T00:00:00Z')).id, 'm2024-12-01');
    assert.equal(previousBudgetWindow('day', now).id, 'd2025-03-04');
  });
});
