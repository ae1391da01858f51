import { describe, expect, it } from 'vitest';
import { catalogs } from '../../renderer/src/i18n/catalog';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  const zh = catalogs['zh-CN'];
  const en = catalogs.en;

  it('every key exists in both languages, with text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), `zh-CN ${key}`).not.toBe('');
      expect(en[key as keyof typeof en].trim(), `en ${key}`).not.toBe('');
    }
  });

  it('both languages use the same placeholders', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('Chinese strings contain Chinese and English strings contain English words', () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      if (key === 'lang.switch') continue; // the switch names the other language
      expect.soft(zh[key], `zh-CN ${key}`).toMatch(cjk);
      expect.soft(en[key], `en ${key}`).toMatch(/[a-z]{2,}/i);
    }
  });
});
