import { describe, expect, it } from 'vitest';
import { attributeLabels, labelValue } from '../../src/exporters/prometheus-labels.js';

describe('attributeLabels', () => {
  it('merges keys that sanitize alike with ";" in the order of the original keys', () => {
    expect(attributeLabels({ a_b: 'second', 'a.b': 'first', 'a-b': 'zeroth' })).toEqual([
      ['a_b', 'zeroth;first;second'],
    ]);
  });

  it('keeps attributes that collide with added labels as exported_<name>, and collapses leading underscores', () => {
    expect(
      attributeLabels({ job: 'batch', le: '5', quantile: 'q', instance: 'i', __meta: 'm' }),
    ).toEqual([
      ['exported_job', 'batch'],
      ['exported_le', '5'],
      ['exported_quantile', 'q'],
      ['exported_instance', 'i'],
      ['_meta', 'm'],
    ]);
  });
});

describe('labelValue', () => {
  it.each([
    ['text', 'text'],
    [42, '42'],
    [0.5, '0.5'],
    [true, 'true'],
    [null, ''],
    [[1, 'a', false], '[1,"a",false]'],
    [{ k: 'v', n: 1 }, '{"k":"v","n":1}'],
    [new Uint8Array([104, 105]), '"aGk="'],
  ])('%j → %j', (value, text) => {
    expect(labelValue(value)).toBe(text);
  });
});
