/**
 * A complete, valid registration body (an invented citizen fined by the county's market regulator), for the tests'
 * factories and the bench tools alike, so that both build the one body the service accepts.
 */
export function sampleRegistration(dates: {
  receivedOn: string;
  madeOn: string;
  knownOn: string;
  idNumber: string;
}): Record<string, unknown> {
  return {
    receivedOn: dates.receivedOn,
    channel: 'IN_PERSON',
    applicants: [
      {
        kind: 'NATURAL_PERSON',
        name: '张三',
        sex: 'MALE',
        idNumber: dates.idNumber,
        address: '台前县城关镇',
        phone: '13800000000',
      },
    ],
    respondent: { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' },
    contestedAct: {
      title: '行政处罚决定书',
      documentNumber: '台市监罚〔2021〕15号',
      category: 'ADMINISTRATIVE_PENALTY',
      managementDomain: 'MARKET_REGULATION',
      madeOn: dates.madeOn,
      knownOn: dates.knownOn,
      amountInvolvedYuan: 5000,
    },
    request: { codes: ['REVOKE'], text: '请求撤销该行政处罚决定。' },
  };
}
