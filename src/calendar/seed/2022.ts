import type { CalendarYear } from '../calendar-year';

/**
 * 2022 — 国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号，2021-10-25）.
 *
 * 一、元旦：2022年1月1日至3日放假，共3天。
 * 二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
 * 三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
 * 四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
 * 五、端午节：6月3日至5日放假，共3天。
 * 六、中秋节：9月10日至12日放假，共3天。
 * 七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。
 *
 * Saturday 2022-12-31 is the first day of the 2023 New Year block, but it is declared by the 2023
 * notice, so it is not listed here (it is a rest day anyway as an ordinary Saturday) — see 2023.ts.
 */
export const CALENDAR_2022: CalendarYear = {
  year: 2022,
  notice: '国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）',
  restDays: [
    { date: '2022-01-01', holiday: '元旦' },
    { date: '2022-01-02', holiday: '元旦' },
    { date: '2022-01-03', holiday: '元旦' },

    { date: '2022-01-31', holiday: '春节' },
    { date: '2022-02-01', holiday: '春节' },
    { date: '2022-02-02', holiday: '春节' },
    { date: '2022-02-03', holiday: '春节' },
    { date: '2022-02-04', holiday: '春节' },
    { date: '2022-02-05', holiday: '春节' },
    { date: '2022-02-06', holiday: '春节' },

    { date: '2022-04-03', holiday: '清明节' },
    { date: '2022-04-04', holiday: '清明节' },
    { date: '2022-04-05', holiday: '清明节' },

    { date: '2022-04-30', holiday: '劳动节' },
    { date: '2022-05-01', holiday: '劳动节' },
    { date: '2022-05-02', holiday: '劳动节' },
    { date: '2022-05-03', holiday: '劳动节' },
    { date: '2022-05-04', holiday: '劳动节' },

    { date: '2022-06-03', holiday: '端午节' },
    { date: '2022-06-04', holiday: '端午节' },
    { date: '2022-06-05', holiday: '端午节' },

    { date: '2022-09-10', holiday: '中秋节' },
    { date: '2022-09-11', holiday: '中秋节' },
    { date: '2022-09-12', holiday: '中秋节' },

    { date: '2022-10-01', holiday: '国庆节' },
    { date: '2022-10-02', holiday: '国庆节' },
    { date: '2022-10-03', holiday: '国庆节' },
    { date: '2022-10-04', holiday: '国庆节' },
    { date: '2022-10-05', holiday: '国庆节' },
    { date: '2022-10-06', holiday: '国庆节' },
    { date: '2022-10-07', holiday: '国庆节' },
  ],
  makeUpWorkdays: [
    { date: '2022-01-29', holiday: '春节' },
    { date: '2022-01-30', holiday: '春节' },
    { date: '2022-04-02', holiday: '清明节' },
    { date: '2022-04-24', holiday: '劳动节' },
    { date: '2022-05-07', holiday: '劳动节' },
    { date: '2022-10-08', holiday: '国庆节' },
    { date: '2022-10-09', holiday: '国庆节' },
  ],
};
