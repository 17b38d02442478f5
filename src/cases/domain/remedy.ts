import type { LegalRegime } from '../../code-lists/code-lists';

/** How the applicant may go to court after the reconsideration, as the case view words it. */
export interface RemedyWording {
  /** 复议前置 (L23 23; L17 30 ¶1; 行政诉讼法 44 ¶2): the applicant could not sue before reconsideration. */
  compulsoryReconsideration: boolean;
  /** Days to sue after receiving the decision, or after the reconsideration period expired without one. */
  suitWithinDays: number;
  /** zh-CN text for the decision and the notices (告知诉权). */
  wordingZh: string;
  legalBasis: string;
}

/**
 * The remedy wording (诉权告知) of a case. Both kinds of case may sue within 15 days of receiving the decision
 * (行政诉讼法 45; L23 10). What the compulsory case adds is that a refusal to accept, a dismissal of the application,
 * or no decision within the period also opens the 15 days, counted from the refusal or dismissal being received or
 * the period expiring (L23 34; L17 19, which names only the refusal and the silence); a non-compulsory applicant may
 * instead still sue the original act within the ordinary period (行政诉讼法 44 ¶1, 46).
 */
export function remedyWording(regime: LegalRegime, compulsory: boolean): RemedyWording {
  if (compulsory) {
    return regime === 'L2023'
      ? {
          compulsoryReconsideration: true,
          suitWithinDays: 15,
          wordingZh:
            '本案属于应当先申请行政复议的情形（复议前置，行政复议法第二十三条）。申请人对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内，依法向人民法院提起行政诉讼；行政复议机关决定不予受理、驳回申请或者受理后超过行政复议期限不作答复的，可以自收到决定书之日起或者行政复议期限届满之日起十五日内，依法向人民法院提起行政诉讼（行政复议法第三十四条）。',
          legalBasis: 'L23 23, 34; 行政诉讼法 45',
        }
      : {
          compulsoryReconsideration: true,
          suitWithinDays: 15,
          wordingZh:
            '本案属于法律、法规规定应当先申请行政复议的情形（复议前置）。申请人对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内，依法向人民法院提起行政诉讼；行政复议机关决定不予受理或者受理后超过行政复议期限不作答复的，可以自收到不予受理决定书之日起或者行政复议期满之日起十五日内，依法向人民法院提起行政诉讼（行政复议法(2017)第十九条）。',
          legalBasis: 'L17 19, 30 ¶1; 行政诉讼法 45',
        };
  }
  return {
    compulsoryReconsideration: false,
    suitWithinDays: 15,
    wordingZh:
      regime === 'L2023'
        ? '申请人对行政复议决定不服的，可以依照《中华人民共和国行政诉讼法》的规定，自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼；行政复议机关逾期不作决定的，可以在复议期满之日起十五日内向人民法院提起行政诉讼（行政复议法第十条；行政诉讼法第四十五条）。'
        : '申请人对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼；行政复议机关逾期不作决定的，可以在复议期满之日起十五日内向人民法院提起行政诉讼（行政复议法(2017)第五条；行政诉讼法第四十五条）。',
    legalBasis: regime === 'L2023' ? 'L23 10; 行政诉讼法 45' : 'L17 5; 行政诉讼法 45',
  };
}
