import type { CalendarYear } from '../calendar-year';

/**
 * 2020 — 国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号，2019-11-21）,
 * as amended by 国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号，2020-01-27）.
 *
 * 一、元旦：1月1日放假，共1天。
 * 二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。
 *     → 延长通知：春节假期延长至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。
 *       So 1月31日–2月2日 are rest days and Saturday 2月1日 is no longer a make-up working day.
 *       (Provincial extensions beyond 2月2日, e.g. in Hubei or Shanghai, were local measures and are
 *       not part of this national calendar.)
 * 三、清明节：4月4日至6日放假调休，共3天。
 * 四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。
 * 五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。
 * 六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。
 */
export const CALENDAR_2020: CalendarYear = {
  year: 2020,
  notice: '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）',
  amendments: ['国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）'],
  restDays: [
    { date: '2020-01-01', holiday: '元旦' },

    { date: '2020-01-24', holiday: '春节' },
    { date: '2020-01-25', holiday: '春节' },
    { date: '2020-01-26', holiday: '春节' },
    { date: '2020-01-27', holiday: '春节' },
    { date: '2020-01-28', holiday: '春节' },
    { date: '2020-01-29', holiday: '春节' },
    { date: '2020-01-30', holiday: '春节' },
    { date: '2020-01-31', holiday: '春节', note: '延长春节假期（国办发明电〔2020〕1号）' },
    { date: '2020-02-01', holiday: '春节', note: '延长春节假期（国办发明电〔2020〕1号）；原定调休上班日' },
    { date: '2020-02-02', holiday: '春节', note: '延长春节假期（国办发明电〔2020〕1号）' },

    { date: '2020-04-04', holiday: '清明节' },
    { date: '2020-04-05', holiday: '清明节' },
    { date: '2020-04-06', holiday: '清明节' },

    { date: '2020-05-01', holiday: '劳动节' },
    { date: '2020-05-02', holiday: '劳动节' },
    { date: '2020-05-03', holiday: '劳动节' },
    { date: '2020-05-04', holiday: '劳动节' },
    { date: '2020-05-05', holiday: '劳动节' },

    { date: '2020-06-25', holiday: '端午节' },
    { date: '2020-06-26', holiday: '端午节' },
    { date: '2020-06-27', holiday: '端午节' },

    { date: '2020-10-01', holiday: '国庆节、中秋节' },
    { date: '2020-10-02', holiday: '国庆节、中秋节' },
    { date: '2020-10-03', holiday: '国庆节、中秋节' },
    { date: '2020-10-04', holiday: '国庆节、中秋节' },
    { date: '2020-10-05', holiday: '国庆节、中秋节' },
    { date: '2020-10-06', holiday: '国庆节、中秋节' },
    { date: '2020-10-07', holiday: '国庆节、中秋节' },
    { date: '2020-10-08', holiday: '国庆节、中秋节' },
  ],
  makeUpWorkdays: [
    { date: '2020-01-19', holiday: '春节' },
    // 2020-02-01 (Saturday) was a make-up working day in 国办发明电〔2019〕16号 but became a rest day
    // under the extension notice 国办发明电〔2020〕1号 — see restDays.
    { date: '2020-04-26', holiday: '劳动节' },
    { date: '2020-05-09', holiday: '劳动节' },
    { date: '2020-06-28', holiday: '端午节' },
    { date: '2020-09-27', holiday: '国庆节、中秋节' },
    { date: '2020-10-10', holiday: '国庆节、中秋节' },
  ],
};
