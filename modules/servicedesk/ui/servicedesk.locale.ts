/** Words of the service desk's record panels: the SLA clock and the request's timeline. */
export const uk = {
  ticketSla: {
    title: 'SLA',
    left: 'Залишилось {{left}}',
    overdueBy: 'Прострочено на {{left}}',
    pausedLeft: 'Призупинено · залишається {{left}}',
    met: 'Вирішено вчасно',
    late: 'Вирішено із запізненням',
    responseDue: 'Відповідь до',
    resolutionDue: 'Вирішення до',
    used: 'Використано часу',
    pausedFor: 'На паузі',
    escalation: 'Рівень ескалації',
    breachedWord: 'порушено',
    kyiv: 'Робочий час за календарем SLA; час — київський.',
    tone: { ok: 'У строк', warning: 'Термін спливає', breached: 'Порушено', paused: 'Пауза', met: 'Виконано', late: 'Із запізненням' },
  },
  ticketTimeline: {
    title: 'Хронологія звернення',
    publicComment: 'Коментар для заявника',
    internalComment: 'Внутрішній коментар',
  },
  // the timeline's kinds of a request (core's Timeline names a kind by recordTimeline.<kind>)
  recordTimeline: {
    sla: 'SLA',
    comment: 'Коментар',
    call: 'Дзвінок',
    message: 'Повідомлення',
    sla_warning: 'Наближається термін SLA',
    sla_breach: 'Термін SLA порушено',
    sla_escalation: 'Ескалація SLA',
    filter: { sla: 'SLA', comment: 'Коментарі', call: 'Дзвінки', message: 'Повідомлення' },
  },
}

export const en: typeof uk = {
  ticketSla: {
    title: 'SLA',
    left: '{{left}} left',
    overdueBy: 'Overdue by {{left}}',
    pausedLeft: 'Paused · {{left}} left',
    met: 'Resolved in time',
    late: 'Resolved late',
    responseDue: 'Response due',
    resolutionDue: 'Resolution due',
    used: 'Time used',
    pausedFor: 'Paused for',
    escalation: 'Escalation level',
    breachedWord: 'breached',
    kyiv: 'Business hours of the SLA calendar; Kyiv time.',
    tone: { ok: 'On time', warning: 'Due soon', breached: 'Breached', paused: 'Paused', met: 'Met', late: 'Late' },
  },
  ticketTimeline: {
    title: 'Request timeline',
    publicComment: 'Comment to the resident',
    internalComment: 'Internal comment',
  },
  recordTimeline: {
    sla: 'SLA',
    comment: 'Comment',
    call: 'Call',
    message: 'Message',
    sla_warning: 'SLA deadline approaching',
    sla_breach: 'SLA breached',
    sla_escalation: 'SLA escalation',
    filter: { sla: 'SLA', comment: 'Comments', call: 'Calls', message: 'Messages' },
  },
}
