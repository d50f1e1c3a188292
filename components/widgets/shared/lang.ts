// The two languages of the site. Widgets render labels server-side in the page's language and pass
// it to their client script through `data-lang`.
export type Lang = 'zh' | 'en';

/** Astro's `currentLocale` ('zh', 'en', possibly 'zh-CN') to one of our two languages; zh is the default. */
export function langOf(locale: string | undefined | null): Lang {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
