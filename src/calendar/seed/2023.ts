import type { CalendarYear } from '../calendar-year';

/**
 * 2023 — 国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号，2022-12-08）.
 *
 * 一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
 * 二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
 * 三、清明节：4月5日放假，共1天。
 * 四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
 * 五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
 * 六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
 *
 * The New Year block starts on Saturday 2022-12-31. Each seed file only lists dates of its own year,
 * so that day is not listed: it is a rest day anyway as an ordinary Saturday (a skipped-day
 * explanation will call it WEEKEND rather than 元旦).
 */
export const CALENDAR_2023: CalendarYear = {
  year: 2023,
  notice: '国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号）',
  restDays: [
    { date: '2023-01-01', holiday: '元旦' },
    { date: '2023-01-02', holiday: '元旦' },

    { date: '2023-01-21', holiday: '春节' },
    { date: '2023-01-22', holiday: '春节' },
    { date: '2023-01-23', holiday: '春节' },
    { date: '2023-01-24', holiday: '春节' },
    { date: '2023-01-25', holiday: '春节' },
    { date: '2023-01-26', holiday: '春节' },
    { date: '2023-01-27', holiday: '春节' },

    { date: '2023-04-05', holiday: '清明节' },

    { date: '2023-04-29', holiday: '劳动节' },
    { date: '2023-04-30', holiday: '劳动节' },
    { date: '2023-05-01', holiday: '劳动节' },
    { date: '2023-05-02', holiday: '劳动节' },
    { date: '2023-05-03', holiday: '劳动节' },

    { date: '2023-06-22', holiday: '端午节' },
    { date: '2023-06-23', holiday: '端午节' },
    { date: '2023-06-24', holiday: '端午节' },

    { date: '2023-09-29', holiday: '中秋节、国庆节' },
    { date: '2023-09-30', holiday: '中秋节、国庆节' },
    { date: '2023-10-01', holiday: '中秋节、国庆节' },
    { date: '2023-10-02', holiday: '中秋节、国庆节' },
    { date: '2023-10-03', holiday: '中秋节、国庆节' },
    { date: '2023-10-04', holiday: '中秋节、国庆节' },
    { date: '2023-10-05', holiday: '中秋节、国庆节' },
    { date: '2023-10-06', holiday: '中秋节、国庆节' },
  ],
  makeUpWorkdays: [
    { date: '2023-01-28', holiday: '春节' },
    { date: '2023-01-29', holiday: '春节' },
    { date: '2023-04-23', holiday: '劳动节' },
    { date: '2023-05-06', holiday: '劳动节' },
    { date: '2023-06-25', holiday: '端午节' },
    { date: '2023-10-07', holiday: '中秋节、国庆节' },
    { date: '2023-10-08', holiday: '中秋节、国庆节' },
  ],
};
