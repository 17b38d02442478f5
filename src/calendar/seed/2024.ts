import type { CalendarYear } from '../calendar-year';

/**
 * 2024 — 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023-10-25）.
 *
 * 一、元旦：1月1日放假，与周末连休。
 * 二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
 *     鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
 *     → 2月9日 (Friday) is only "encouraged" rest, not a statutory rest day: it stays a working day.
 * 三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
 * 四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
 * 五、端午节：6月10日放假，与周末连休。
 * 六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
 * 七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
 *
 * "与周末连休" only joins the holiday to an ordinary weekend; those weekend days (2023-12-30/31,
 * 2024-06-08/09) are not listed as holiday rest days — they are rest days as weekends.
 */
export const CALENDAR_2024: CalendarYear = {
  year: 2024,
  notice: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
  restDays: [
    { date: '2024-01-01', holiday: '元旦' },

    { date: '2024-02-10', holiday: '春节' },
    { date: '2024-02-11', holiday: '春节' },
    { date: '2024-02-12', holiday: '春节' },
    { date: '2024-02-13', holiday: '春节' },
    { date: '2024-02-14', holiday: '春节' },
    { date: '2024-02-15', holiday: '春节' },
    { date: '2024-02-16', holiday: '春节' },
    { date: '2024-02-17', holiday: '春节' },

    { date: '2024-04-04', holiday: '清明节' },
    { date: '2024-04-05', holiday: '清明节' },
    { date: '2024-04-06', holiday: '清明节' },

    { date: '2024-05-01', holiday: '劳动节' },
    { date: '2024-05-02', holiday: '劳动节' },
    { date: '2024-05-03', holiday: '劳动节' },
    { date: '2024-05-04', holiday: '劳动节' },
    { date: '2024-05-05', holiday: '劳动节' },

    { date: '2024-06-10', holiday: '端午节' },

    { date: '2024-09-15', holiday: '中秋节' },
    { date: '2024-09-16', holiday: '中秋节' },
    { date: '2024-09-17', holiday: '中秋节' },

    { date: '2024-10-01', holiday: '国庆节' },
    { date: '2024-10-02', holiday: '国庆节' },
    { date: '2024-10-03', holiday: '国庆节' },
    { date: '2024-10-04', holiday: '国庆节' },
    { date: '2024-10-05', holiday: '国庆节' },
    { date: '2024-10-06', holiday: '国庆节' },
    { date: '2024-10-07', holiday: '国庆节' },
  ],
  makeUpWorkdays: [
    { date: '2024-02-04', holiday: '春节' },
    { date: '2024-02-18', holiday: '春节' },
    { date: '2024-04-07', holiday: '清明节' },
    { date: '2024-04-28', holiday: '劳动节' },
    { date: '2024-05-11', holiday: '劳动节' },
    { date: '2024-09-14', holiday: '中秋节' },
    { date: '2024-09-29', holiday: '国庆节' },
    { date: '2024-10-12', holiday: '国庆节' },
  ],
};
