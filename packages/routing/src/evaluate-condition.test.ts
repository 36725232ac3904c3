import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateCondition } from './evaluate-condition';
import type { RequestFacts } from './request-facts';

const facts: RequestFacts = {
  model: 'gpt-4o',
  params: { temperature: 0.2, max_tokens: 500 },
  metadata: { plan: 'paid', seats: 12 },
  user: 'u-7',
  properties: { team: 'search' },
  promptChars: 8_000,
  lastMessageContent: 'Summarise this contract',
};

test('each comparison operator', () => {
  assert.equal(evaluateCondition({ 'metadata.plan': { $eq: 'paid' } }, facts), true);
  assert.equal(evaluateCondition({ 'metadata.plan': 'paid' }, facts), true, 'a bare value means $eq');
  assert.equal(evaluateCondition({ 'metadata.plan': { $ne: 'paid' } }, facts), false);
  assert.equal(evaluateCondition({ 'property.team': { $in: ['search', 'ads'] } }, facts), true);
  assert.equal(evaluateCondition({ 'property.team': { $nin: ['search'] } }, facts), false);
  assert.equal(evaluateCondition({ 'metadata.seats': { $gt: 10 } }, facts), true);
  assert.equal(evaluateCondition({ 'metadata.seats': { $gte: 12 } }, facts), true);
  assert.equal(evaluateCondition({ 'metadata.seats': { $lt: 12 } }, facts), false);
  assert.equal(evaluateCondition({ 'params.temperature': { $lte: 0.2 } }, facts), true);
  assert.equal(evaluateCondition({ 'last_message.content': { $regex: '^Summari[sz]e' } }, facts), true);
  assert.equal(evaluateCondition({ user: { $exists: true } }, facts), true);
  assert.equal(evaluateCondition({ 'metadata.region': { $exists: false } }, facts), true);
});

test('prompt size paths and the model', () => {
  assert.equal(evaluateCondition({ 'prompt.tokens': { $gt: 1_999 } }, facts), true);
  assert.equal(evaluateCondition({ 'prompt.chars': { $eq: 8_000 } }, facts), true);
  assert.equal(evaluateCondition({ model: { $regex: '^gpt-4' } }, facts), true);
});

test('$and, $or and $not combine', () => {
  assert.equal(evaluateCondition({ $and: [{ 'metadata.plan': 'paid' }, { 'property.team': 'search' }] }, facts), true);
  assert.equal(evaluateCondition({ $and: [{ 'metadata.plan': 'paid' }, { 'property.team': 'ads' }] }, facts), false);
  assert.equal(evaluateCondition({ $or: [{ 'metadata.plan': 'free' }, { user: 'u-7' }] }, facts), true);
  assert.equal(evaluateCondition({ $not: { 'metadata.plan': 'paid' } }, facts), false);
  assert.equal(evaluateCondition({ $not: { $or: [{ model: 'x' }, { model: 'y' }] } }, facts), true);
});

test('comparisons across types are false, never an exception', () => {
  assert.equal(evaluateCondition({ 'metadata.plan': { $gt: 3 } }, facts), false);
  assert.equal(evaluateCondition({ 'metadata.missing': { $lt: 3 } }, facts), false);
});
